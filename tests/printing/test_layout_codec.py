import pytest

from station_app.printing.layout_codec import layout_from_json, layout_to_json
from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Feed,
    Layout,
    QrCode,
    Row,
    Separator,
    Text,
    sale_receipt,
)
from tests.printing.samples import long_sale, settings


def test_every_block_survives_the_round_trip():
    layout = Layout(
        (
            Text("大米", bold=True, double=True, align="center"),
            Row("合计", "￥1.00"),
            Separator("="),
            Barcode("123"),
            QrCode("a|b", module_dots=4),
            Feed(2),
            Cut(),
        ),
        columns=48,
    )
    assert layout_from_json(layout_to_json(layout)) == layout


def test_a_receipt_survives_the_round_trip():
    layout = sale_receipt(long_sale(), settings(32))
    assert layout_from_json(layout_to_json(layout)) == layout


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        layout_from_json('{"version": 99, "columns": 32, "blocks": []}')
