"""Held carts (挂单): park a customer's cart, serve the next one, resume later."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.cart import Cart
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound
from station_app.core.ids import uuid7
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

MAX_HELD = 20


@dataclass(frozen=True)
class HeldCart:
    """A parked cart as listed for resuming."""

    id: str
    held_at: str
    label: str
    total_fen: int


def hold_cart(db: Database, cart: Cart, operator: Operator, clock: Clock) -> HeldCart:
    """Park the cart; survives a restart. The caller then starts a fresh cart."""
    if cart.is_empty:
        raise InputRefused("空购物车无需挂单", "Nothing to hold: the cart is empty")
    total = cart.totals().total_fen
    label = f"{cart.lines[0].name} 等{len(cart.lines)}项 {format_fen(total)}"
    held = HeldCart(uuid7(), clock.stamp(), label, total)
    with write_transaction(db):
        count = db.execute("SELECT count(*) FROM held_carts").fetchone()[0]
        if count >= MAX_HELD:
            raise InputRefused(f"最多挂 {MAX_HELD} 单，请先取单结账", f"At most {MAX_HELD} held")
        db.execute(
            "INSERT INTO held_carts(id, held_at, operator_id, label, cart_json) "
            "VALUES (?, ?, ?, ?, ?)",
            [held.id, held.held_at, operator.id, label, cart.to_json()],
        )
    return held


def list_held(db: Database) -> list[HeldCart]:
    """Parked carts, oldest first."""
    rows = db.execute("SELECT id, held_at, label, cart_json FROM held_carts ORDER BY held_at")
    return [HeldCart(r[0], r[1], r[2], Cart.from_json(r[3]).totals().total_fen) for r in rows]


def resume_held(db: Database, held_id: str) -> Cart:
    """Take a parked cart back; it is removed from the held list in the same step."""
    with write_transaction(db):
        row = db.execute("SELECT cart_json FROM held_carts WHERE id = ?", [held_id]).fetchone()
        if row is None:
            raise NotFound("该挂单已被取走", "That held cart was already resumed")
        db.execute("DELETE FROM held_carts WHERE id = ?", [held_id])
    return Cart.from_json(row[0])
