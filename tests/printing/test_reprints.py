import json

import pytest

from station_app.core.audit import verify_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound
from station_app.core.payments import PaymentMethod
from station_app.core.refunds import refund_sale
from station_app.core.settings import load_settings
from station_app.printing.print_jobs import JobKind, job_layout, load_job
from station_app.printing.printer_settings import (
    PrinterConfig,
    PrinterKind,
    candidate_config,
    save_printer_settings,
)
from station_app.printing.receipt_layout import render_text
from station_app.printing.reprints import find_receipt, reprint_receipt


def _audit(db, action):
    return [
        (row[0], row[1], json.loads(row[2]))
        for row in db.execute(
            "SELECT operator_id, subject_id, detail FROM audit_log WHERE action = ?", [action]
        )
    ]


def test_a_reprint_is_marked_and_audited(demo_db, ring_up, clerk, clock):
    sale = ring_up()
    job_id, _receipt = reprint_receipt(
        demo_db, sale.receipt_no, load_settings(demo_db), clerk.id, clock.stamp()
    )
    assert render_text(job_layout(demo_db, job_id))[0].replace(" ", "") == "重印REPRINT"
    assert load_job(demo_db, job_id).kind == JobKind.REPRINT
    assert _audit(demo_db, "receipt.reprinted") == [
        (clerk.id, sale.receipt_no, {"refund": False, "via": "counter"})
    ]
    assert verify_audit(demo_db).ok


def test_the_receipts_qr_code_text_finds_it(demo_db, ring_up):
    sale = ring_up()
    receipt = find_receipt(
        demo_db, f"DEMO-001|{sale.receipt_no}", load_settings(demo_db), reprint=False
    )
    assert receipt.number == sale.receipt_no and not receipt.is_refund


def test_a_refund_receipt_says_refund_at_the_top(demo_db, ring_up, clerk, owner, clock):
    sale = ring_up(PaymentMethod.WECHAT)
    settings = load_settings(demo_db)
    result = refund_sale(
        demo_db,
        sale.receipt_no,
        {sale.lines[0].id: 1},
        PaymentMethod.CASH,
        clerk,
        owner,
        settings,
        Clock(),
        "瓶子漏了",
    )
    receipt = find_receipt(demo_db, result.refund_no, settings, reprint=True)
    lines = [line.replace(" ", "") for line in render_text(receipt.layout)]
    assert lines[0] == "重印REPRINT" and lines[2] == "退款REFUND"
    assert receipt.is_refund
    assert any(line.startswith("原小票") and line.endswith(sale.receipt_no) for line in lines)
    assert any(line.startswith("原因") for line in lines)


def test_an_unknown_number_is_not_found(demo_db):
    with pytest.raises(NotFound, match="找不到小票或退款单"):
        find_receipt(demo_db, "20990101-T1-99999", load_settings(demo_db), reprint=True)


def test_printer_settings_are_saved_together_and_audited(demo_db, owner, clock):
    texts = {
        "printer_kind": "network",
        "printer_host": "192.168.1.87",
        "printer_port": "9100",
        "printer_mode": "gbk",
        "receipt_columns": "48",
        "printer_timeout_ms": "2000",
    }
    saved = save_printer_settings(demo_db, texts, owner.id, clock.stamp())
    config = PrinterConfig.from_settings(saved)
    assert (config.kind, config.where(), config.mode, config.timeout_s) == (
        PrinterKind.NETWORK,
        "192.168.1.87:9100",
        "gbk",
        2.0,
    )
    assert saved.receipt_columns == 48
    assert _audit(demo_db, "settings.changed")[-1][:2] == (owner.id, "printer")


def test_bad_printer_settings_change_nothing(demo_db, owner, clock):
    before = load_settings(demo_db)
    with pytest.raises(InputRefused, match="波特率"):
        save_printer_settings(
            demo_db,
            {"printer_kind": "serial", "printer_serial_baud": "1234"},
            owner.id,
            clock.stamp(),
        )
    assert load_settings(demo_db) == before


def test_a_test_print_needs_the_address_of_the_chosen_kind(demo_db):
    from station_app.printing.errors import PrinterSetupError

    with pytest.raises(PrinterSetupError, match="printer_serial_port"):
        candidate_config(load_settings(demo_db), {"printer_kind": "serial"})
