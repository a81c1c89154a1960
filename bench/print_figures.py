"""Receipt layout → ESC/POS bytes for a 20-line receipt."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from bench.dataset import Dataset
from bench.timing import Figure, sample_ms, summarise
from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.settings import load_settings
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.receipt_layout import sale_receipt
from station_app.storage import open_database


def figures(
    ds: Dataset, samples: int, rng: random.Random, work: Path, options: argparse.Namespace
) -> list[Figure]:
    """Stored 20-line sale → receipt layout → GB18030 ESC/POS bytes, as printing does."""
    db = open_database(ds.path)
    settings = load_settings(db)
    clock = Clock()
    cart = Cart()
    while len(cart.lines) < 20:
        product = find_by_code(db, rng.choice(ds.barcodes), {}).product
        if not product.is_weighed:
            cart.add_product(product, rng.randint(1, 3))
    sale = complete_sale(
        db,
        cart,
        [Tender(PaymentMethod.CASH, cart.totals().total_fen)],
        sign_in(db, "1234", clock),
        settings,
        clock,
    ).sale
    db.close()
    durations = sample_ms(
        lambda: render_escpos(
            sale_receipt(sale, settings), CharacterMode.GB18030, open_drawer=True
        ),
        max(100, samples // 5),
    )
    return [summarise("20-line receipt → ESC/POS bytes", durations, target=10.0)]
