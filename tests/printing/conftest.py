"""Sales stored through the real services, and a station whose printer is a TCP stand-in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlite_utils import Database

from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code
from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import SaleRecord, complete_sale
from station_app.core.settings import StationSettings, save_settings

COLA = "6932780008140"  # ¥3.00
RICE_PLU = "1001"  # ¥5.60/kg, weighed


@pytest.fixture
def ring_up(
    demo_db: Database, clerk: Operator, settings: StationSettings, clock: Clock
) -> Callable[..., SaleRecord]:
    """Complete a sale of two colas and 1.234 kg of rice, paid in cash or by WeChat."""

    def sale(method: PaymentMethod = PaymentMethod.CASH) -> SaleRecord:
        cart = Cart(settings.clerk_discount_limit_fen)
        cart.add_product(find_by_code(demo_db, COLA, settings.scale_prefixes).product, 2)
        cart.add_weighed(find_by_code(demo_db, RICE_PLU, settings.scale_prefixes).product, 1234)
        total = cart.totals().total_fen
        tender = (
            Tender(method, total + 500)
            if method is PaymentMethod.CASH
            else Tender(method, total, "4200001234567890")
        )
        return complete_sale(demo_db, cart, [tender], clerk, settings, clock).sale

    return sale


def use_printer(db: Database, **values: object) -> StationSettings:
    """Configure the station's printer; short timeouts keep failing tests fast."""
    return save_settings(db, **({"printer_timeout_ms": 500} | values))


def use_network_printer(db: Database, port: int, **values: object) -> StationSettings:
    return use_printer(
        db, printer_kind="network", printer_host="127.0.0.1", printer_port=port, **values
    )
