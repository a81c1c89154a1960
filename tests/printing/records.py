"""Records for papers, stored through core as the counter stores them."""

from __future__ import annotations

from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.consignment import Lot, apply_settlement, intake_lot
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager, add_villager
from station_app.storage.transaction import write_transaction

MOBILE = "13812341234"
MASKED = "138****1234"


def villager(
    db: Database, clerk: Operator, clock: Clock, name: str = "李建国", phone: str = MOBILE
) -> Villager:
    return add_villager(db, name, phone, clerk, clock)


def oranges(
    db: Database,
    farmer: Villager,
    clerk: Operator,
    settings: StationSettings,
    clock: Clock,
    **overrides: object,
) -> Lot:
    """3 crates of 赣南脐橙 一级: 31.5 kg gross, 0.5 kg tare a crate, ¥6.00/kg, 8.5 %."""
    args: dict[str, object] = dict(
        product="赣南脐橙",
        grade="一级",
        crates=3,
        pieces=0,
        gross_g=31_500,
        tare_g_per_crate=500,
        harvest_date=clock.today(),
        shelf_life_days=10,
        asking_price_fen_per_kg=600,
        commission_bp=850,
    )
    args.update(overrides)
    return intake_lot(db, farmer.id, operator=clerk, settings=settings, clock=clock, **args)  # type: ignore[arg-type]


def settle(
    db: Database,
    lot: Lot,
    clock: Clock,
    settlement_id: str,
    sold_g: int,
    sale_fen: int,
    hub_fees_fen: int,
    due_fen: int,
) -> None:
    """The hub's settlement of `lot`, applied as the change feed applies it."""
    with write_transaction(db):
        apply_settlement(
            db,
            {
                "settlement_id": settlement_id,
                "lot_code": lot.lot_code,
                "outcome": "sold",
                "sold_g": sold_g,
                "sale_fen": sale_fen,
                "hub_fees_fen": hub_fees_fen,
                "commission_fen": sale_fen - hub_fees_fen - due_fen,
                "due_to_farmer_fen": due_fen,
            },
            clock.stamp(),
        )
