"""The consignment (代销) papers, each built from core's records.

A label for each crate of a lot taken in, the farmer's intake slip, the shipment's
manifest and the farmer's payout slip. Weights print as `core.money.format_weight`
writes them (`30.000kg`); paper is Chinese whatever the screen's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from station_app.core.consignment import Lot, Settlement, Shipment
from station_app.core.money import format_weight
from station_app.core.operators import Operator
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    Barcode,
    Block,
    Layout,
    QrCode,
    Row,
    Separator,
    Text,
    closing,
    paper_money,
    rows,
    signature,
    station_header,
)
from station_app.printing.slips import paper_layout, paper_minute


def _percent(basis_points: int) -> str:
    whole, rest = divmod(basis_points, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") + "%"


def _label_blocks(lot: Lot, crate: int, settings: StationSettings) -> list[Block]:
    return [
        Text(f"{lot.product} {lot.grade}", bold=True, double=True, align="center"),
        Separator(),
        *rows(
            ("批次", lot.lot_code),
            ("筐号", f"{crate}/{lot.crates}"),
            ("整批净重", format_weight(lot.net_g)),
            ("农户", lot.farmer_name),
            ("采摘", lot.harvest_date),
            ("保质至", lot.best_before),
            ("服务站", settings.station_name),
        ),
        # The QR holds the bare lot code: scanned at the hub or back at the station
        # (Alt+5, Enter) it opens the lot's history.
        QrCode(lot.lot_code, module_dots=5),
        Text(lot.lot_code, align="center"),
    ]


def intake_label(lot: Lot, settings: StationSettings, crate: int = 1) -> Layout:
    """One crate's label: product and grade large, the lot, weights, dates, QR of the lot."""
    return paper_layout(
        [*_label_blocks(lot, crate, settings), *closing(settings, footer=False)], settings
    )


def intake_labels(lot: Lot, settings: StationSettings) -> Layout:
    """A label for every crate of the lot (1/3, 2/3, 3/3), each cut off, as one print job."""
    blocks: list[Block] = []
    for crate in range(1, lot.crates + 1):
        blocks += _label_blocks(lot, crate, settings)
        blocks += closing(settings, footer=False)
    return paper_layout(blocks, settings)


def intake_slip(
    lot: Lot, farmer: Villager, operator: Operator, settings: StationSettings
) -> Layout:
    """The farmer's copy of a lot taken in: weights (net large), dates, terms, a signature."""
    blocks = station_header(settings, "代销收货单 CONSIGNMENT RECEIPT")
    blocks += rows(
        ("批次", lot.lot_code),
        ("时间", paper_minute(lot.created_at, settings)),
        ("农户", farmer.name),
        ("电话", mask_phone(farmer.phone or "")),
    )
    blocks.append(Separator())
    blocks += rows(
        ("品名", f"{lot.product} {lot.grade}"),
        ("筐数", str(lot.crates)),
        ("件数", str(lot.pieces) if lot.pieces else ""),
        ("毛重", format_weight(lot.gross_g)),
        ("皮重", format_weight(lot.tare_g)),
    )
    blocks += [Row("净重", format_weight(lot.net_g), bold=True, double=True), Separator()]
    blocks += rows(
        ("采摘", lot.harvest_date),
        ("保质至", lot.best_before),
        ("期望单价", f"{paper_money(lot.asking_price_fen_per_kg)}/kg"),
        ("代销佣金", _percent(lot.commission_bp)),
        ("经办", operator.name),
    )
    blocks += signature("农户签字")
    return paper_layout([*blocks, *closing(settings, lot.lot_code, footer=False)], settings)


def shipment_manifest(shipment: Shipment, settings: StationSettings) -> Layout:
    """Each lot, totals per product and grade, the grand total, the carrier's signature."""
    blocks = station_header(settings, "发运清单 SHIPMENT MANIFEST")
    blocks += rows(
        ("清单号", shipment.manifest_no),
        ("承运", shipment.carrier),
        ("发运时间", paper_minute(shipment.shipped_at, settings)),
        ("经办", shipment.operator_name),
    )
    blocks.append(Separator())
    totals: dict[tuple[str, str], list[int]] = {}
    for lot in shipment.lots:
        # The code and weight share a line even on 58 mm paper; the words go under it.
        blocks += [
            Row(lot.lot_code, format_weight(lot.net_g)),
            Text(f"  {lot.product} {lot.grade} {lot.crates}筐 {lot.farmer_name}"),
        ]
        total = totals.setdefault((lot.product, lot.grade), [0, 0, 0])
        total[0] += 1
        total[1] += lot.crates
        total[2] += lot.net_g
    blocks += [Separator(), Text("按品名等级合计", bold=True)]
    blocks += [
        Row(f"{product} {grade} {count}批 {crates}筐", format_weight(net_g))
        for (product, grade), (count, crates, net_g) in totals.items()
    ]
    lots = shipment.lots
    blocks += [
        Separator(),
        Row(
            f"合计 {len(lots)}批 {sum(lot.crates for lot in lots)}筐",
            format_weight(sum(lot.net_g for lot in lots)),
            bold=True,
        ),
        Barcode(shipment.manifest_no),
        *signature("承运人签字"),
        *signature("县中心签收"),
    ]
    return paper_layout([*blocks, *closing(settings, footer=False)], settings)


def payout_slip(
    farmer: Villager,
    paid: Sequence[tuple[Lot, Settlement]],
    method: PaymentMethod,
    reference: str,
    operator: Operator,
    settings: StationSettings,
) -> Layout:
    """The farmer's statement of settlements paid out: each lot sold, deductions, the payout.

    `paid` are the settlements as `pay_out` returned them, each with its lot. The
    commission line is what is deducted beyond the hub's fees, so that 实付 is the sum
    actually paid out even if a settlement's figures were rounded apart.
    """
    sales = sum(settlement.sale_fen for _lot, settlement in paid)
    fees = sum(settlement.hub_fees_fen for _lot, settlement in paid)
    due = sum(settlement.due_to_farmer_fen for _lot, settlement in paid)
    paid_at = max((settlement.paid_out_at or "" for _lot, settlement in paid), default="")
    blocks = station_header(settings, "农户结算单 FARMER PAYOUT")
    blocks += rows(
        ("农户", farmer.name),
        ("电话", mask_phone(farmer.phone or "")),
        ("时间", paper_minute(paid_at, settings) if paid_at else ""),
    )
    blocks.append(Separator())
    for lot, settlement in paid:
        blocks += [
            Row(lot.lot_code, paper_money(settlement.sale_fen)),
            Text(f"  {lot.product} {lot.grade} 售出 {format_weight(settlement.sold_g)}"),
        ]
    blocks += [Separator(), Row("销售额", paper_money(sales))]
    if fees:
        blocks.append(Row("县中心费用", paper_money(-fees)))
    blocks += [
        Row("代销佣金", paper_money(-(sales - fees - due))),
        Row("实付", paper_money(due), bold=True, double=True),
        *rows(
            ("付款方式", METHOD_NAMES_ZH[method]),
            ("转账单号", reference.strip()),
            ("经办", operator.name),
        ),
        *signature("农户签字"),
        *signature("经办签字"),
    ]
    return paper_layout([*blocks, *closing(settings, footer=False)], settings)
