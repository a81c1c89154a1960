"""The 代销 papers filled in from core's records and sent through the print queue.

Each call returns the layout to preview on the page (the first crate's label for
an intake) and whether a job was queued (False: no printer is set up). The record
is stored before any of this runs; printing only ever queues paper.
"""

from __future__ import annotations

from typing import Any

from station_app.core.clock import Clock, parse_iso
from station_app.core.consignment import Lot
from station_app.core.money import GRAMS_PER_KG
from station_app.core.operators import Operator
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.villagers import Villager
from station_app.printing.print_jobs import JobKind
from station_app.printing.raster_render import RasterFont
from station_app.printing.receipt_layout import Layout
from station_app.printing.slips import (
    ConsignmentLabel,
    FarmerIntakeSlip,
    FarmerPayoutSlip,
    ManifestLot,
    PayoutLine,
    ShipmentManifest,
    consignment_label,
    consignment_labels,
    farmer_intake_slip,
    farmer_payout_slip,
    shipment_manifest,
)
from station_app.ui.consignment_models import SettlementRow
from station_app.ui.print_queue import PrintQueue


def _paper_kg(grams: int) -> str:
    # Paper is Chinese whatever the screen's language: no translated unit here.
    kilos, rest = divmod(grams, GRAMS_PER_KG)
    return f"{kilos}.{rest:03d}kg"


class ConsignmentPapers:
    """Labels and slips of the consignment page for the signed-in operator."""

    def __init__(self, queue: PrintQueue, clock: Clock, operator: Operator) -> None:
        self._queue = queue
        self._clock = clock
        self._operator = operator

    def preview_look(self) -> tuple[Any, RasterFont]:
        """(mode, font) that make the page's preview look like this printer's paper."""
        return self._queue.preview_look()

    def _now(self) -> str:
        return f"{self._clock.local():%Y-%m-%d %H:%M}"

    def intake(self, lot: Lot, farmer: Villager) -> tuple[Layout, bool]:
        """A label for each crate (one job) and the farmer's intake slip (another)."""
        settings = self._queue.settings  # the paper width may have been changed
        label = ConsignmentLabel(lot.lot_code, lot.product, lot.grade, lot.farmer_name,
                                 lot.net_g, lot.harvest_date, lot.best_before, 1, lot.crates)
        slip = FarmerIntakeSlip(
            lot.lot_code, f"{self._clock.local(parse_iso(lot.created_at)):%Y-%m-%d %H:%M}",
            farmer.name, farmer.phone or "", lot.product, lot.grade, lot.crates, lot.pieces,
            lot.gross_g, lot.tare_g, lot.net_g, lot.harvest_date, lot.best_before,
            lot.asking_price_fen_per_kg, lot.commission_bp, self._operator.name)
        queued = self._queue.print_layout(JobKind.SLIP, f"{lot.lot_code} ×{lot.crates}",
                                          consignment_labels(label, settings)) is not None
        self._queue.print_layout(JobKind.SLIP, lot.lot_code, farmer_intake_slip(slip, settings))
        return consignment_label(label, settings), queued

    def manifest(self, manifest_no: str, carrier: str, lots: list[Lot]) -> tuple[Layout, bool]:
        """The shipment's manifest, with totals per product and grade."""
        manifest = ShipmentManifest(manifest_no, carrier.strip(), self._now(),
                                    self._operator.name, tuple(
            ManifestLot(lot.lot_code, lot.product, lot.grade, lot.farmer_name, lot.crates,
                        lot.net_g) for lot in lots))
        layout = shipment_manifest(manifest, self._queue.settings)
        return layout, self._queue.print_layout(JobKind.SLIP, manifest_no, layout) is not None

    def payout(self, farmer: Villager, paid: list[SettlementRow], method: PaymentMethod,
               reference: str) -> tuple[Layout, bool]:
        """The farmer's payout slip: each lot sold, the hub's fees and commission, the total."""
        lines = tuple(PayoutLine(row.lot.lot_code, f"{row.lot.product} {row.lot.grade}",
                                 _paper_kg(row.settlement.sold_g), row.settlement.sale_fen)
                      for row in paid)
        sales = sum(row.settlement.sale_fen for row in paid)
        fees = sum(row.settlement.hub_fees_fen for row in paid)
        due = sum(row.settlement.due_to_farmer_fen for row in paid)
        # What is deducted beyond the hub's fees, taken so that the slip's 实付 is the
        # sum actually paid out even if a settlement's figures were rounded apart.
        slip = FarmerPayoutSlip("", farmer.name, farmer.phone or "", self._now(),
                                METHOD_NAMES_ZH[method], lines, sales - fees - due,
                                self._operator.name, hub_fees_fen=fees,
                                reference=reference.strip())
        layout = farmer_payout_slip(slip, self._queue.settings)
        ref = paid[0].lot.lot_code if len(paid) == 1 else f"{farmer.name} ×{len(paid)}"
        # Cash leaves the drawer, so it opens as for a cash refund.
        return layout, self._queue.print_layout(
            JobKind.SLIP, ref, layout, open_drawer=method is PaymentMethod.CASH) is not None
