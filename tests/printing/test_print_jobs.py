import time

from station_app.core.audit import verify_audit
from station_app.core.payments import PaymentMethod
from station_app.core.sales import load_sale
from station_app.core.settings import load_settings
from station_app.core.statuses import JobStatus
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import CHINESE_MODE_ON
from station_app.printing.print_jobs import (
    JobKind,
    deliver_job,
    enqueue_job,
    failed_count,
    job_layout,
    job_payload,
    load_job,
    unfinished_jobs,
)
from station_app.printing.printer_status import ASK_PAPER, ASK_PRINTER
from station_app.printing.receipt_layout import sale_receipt
from tests.helpers import count
from tests.printing.conftest import use_network_printer, use_printer
from tests.printing.escpos_decode import decode
from tests.printing.fake_printer import FakePrinter, dead_port

STATUS_QUESTIONS = ASK_PRINTER + ASK_PAPER


def _queue_receipt(db, sale, clock, *, cash=True):
    layout = sale_receipt(sale, load_settings(db))
    return enqueue_job(db, JobKind.SALE, sale.receipt_no, layout, clock.stamp(), open_drawer=cash)


def _money_rows(db):
    return {
        table: count(db, table)
        for table in ("sales", "sale_lines", "payments", "stock_moves", "outbox", "audit_log")
    }


def test_a_receipt_reaches_the_network_printer_byte_for_byte(demo_db, demo_db_path, ring_up, clock):
    sale = ring_up()
    with FakePrinter() as printer:
        use_network_printer(demo_db, printer.port)
        job_id = _queue_receipt(demo_db, sale, clock)
        outcome = deliver_job(demo_db_path, job_id, clock)
    assert outcome.printed and outcome.status is not None and outcome.status.online
    sent = job_payload(demo_db, job_id)
    assert sent is not None
    assert printer.received == [STATUS_QUESTIONS + sent]
    paper = decode(sent)
    assert paper.events[0] == "drawer" and paper.events[-1] == "cut"
    assert any(sale.receipt_no in text for text in paper.texts)
    assert any("1.234kg × ￥5.60/kg" in text for text in paper.texts)
    job = load_job(demo_db, job_id)
    assert (job.status, job.attempts, job.last_error) == (JobStatus.DONE, 1, None)


def test_a_stalled_printer_fails_the_job_quickly_and_the_sale_stays(
    demo_db, demo_db_path, ring_up, clock
):
    sale = ring_up()
    before = _money_rows(demo_db)
    with FakePrinter("stall") as printer:
        use_network_printer(demo_db, printer.port)
        job_id = _queue_receipt(demo_db, sale, clock)
        started = time.monotonic()
        outcome = deliver_job(demo_db_path, job_id, clock)
        assert time.monotonic() - started < 3
    assert not outcome.printed
    assert "没有回应" in outcome.error.zh
    job = load_job(demo_db, job_id)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert "没有回应" in (job.last_error or "")
    assert load_sale(demo_db, sale.receipt_no) == sale
    assert _money_rows(demo_db) == before
    assert verify_audit(demo_db).ok
    assert [j.id for j in unfinished_jobs(demo_db)] == [job_id]


def test_a_printer_that_hangs_up_at_once_fails_the_job(demo_db, demo_db_path, ring_up, clock):
    sale = ring_up()
    with FakePrinter("close") as printer:
        use_network_printer(demo_db, printer.port)
        outcome = deliver_job(demo_db_path, _queue_receipt(demo_db, sale, clock), clock)
    assert not outcome.printed
    assert "断开" in outcome.error.zh
    assert outcome.job.status is JobStatus.FAILED
    assert load_sale(demo_db, sale.receipt_no) == sale


def test_a_printer_that_is_off_fails_the_job(demo_db, demo_db_path, ring_up, clock):
    use_network_printer(demo_db, dead_port())
    outcome = deliver_job(demo_db_path, _queue_receipt(demo_db, ring_up(), clock), clock)
    assert "连不上打印机" in outcome.error.zh
    assert "Cannot reach" in outcome.error.en


def test_out_of_paper_is_said_and_nothing_is_printed(demo_db, demo_db_path, ring_up, clock):
    with FakePrinter("paper_out") as printer:
        use_network_printer(demo_db, printer.port)
        outcome = deliver_job(demo_db_path, _queue_receipt(demo_db, ring_up(), clock), clock)
    assert "缺纸" in outcome.error.zh
    assert printer.all_bytes == STATUS_QUESTIONS


def test_a_failed_job_is_retried_only_when_asked_and_without_opening_the_drawer_again(
    demo_db, demo_db_path, ring_up, clock
):
    sale = ring_up()
    use_network_printer(demo_db, dead_port())
    job_id = _queue_receipt(demo_db, sale, clock)
    deliver_job(demo_db_path, job_id, clock)
    with FakePrinter() as printer:
        use_network_printer(demo_db, printer.port)
        # Another receipt prints; the failed one is not sent along with it.
        other = _queue_receipt(demo_db, ring_up(PaymentMethod.WECHAT), clock, cash=False)
        assert deliver_job(demo_db_path, other, clock).printed
        assert len(printer.received) == 1
        assert load_job(demo_db, job_id).status is JobStatus.FAILED
        assert failed_count(demo_db) == 1
        outcome = deliver_job(demo_db_path, job_id, clock)
    assert outcome.printed
    assert (outcome.job.status, outcome.job.attempts) == (JobStatus.DONE, 2)
    assert "drawer" not in decode(printer.received[1][len(STATUS_QUESTIONS) :]).events
    assert failed_count(demo_db) == 0


def test_a_retry_is_rendered_for_the_printer_configured_now(demo_db, demo_db_path, ring_up, clock):
    use_network_printer(demo_db, dead_port())
    job_id = _queue_receipt(demo_db, ring_up(), clock)
    deliver_job(demo_db_path, job_id, clock)
    assert CHINESE_MODE_ON in (job_payload(demo_db, job_id) or b"")
    with FakePrinter() as printer:
        use_network_printer(demo_db, printer.port, printer_mode=CharacterMode.RASTER.value)
        assert deliver_job(demo_db_path, job_id, clock).printed
    paper = decode(printer.received[0][len(STATUS_QUESTIONS) :])
    assert paper.texts == [] and "image" in paper.events


def test_without_a_printer_a_job_fails_with_a_plain_message(demo_db, demo_db_path, ring_up, clock):
    outcome = deliver_job(demo_db_path, _queue_receipt(demo_db, ring_up(), clock), clock)
    assert outcome.error.zh == "未配置打印机"


def test_a_missing_font_for_raster_mode_is_named(demo_db, demo_db_path, ring_up, clock, tmp_path):
    use_printer(
        demo_db,
        printer_kind="file",
        printer_file=str(tmp_path / "paper.bin"),
        printer_mode="raster",
        printer_font=str(tmp_path / "nope.ttf"),
    )
    outcome = deliver_job(demo_db_path, _queue_receipt(demo_db, ring_up(), clock), clock)
    assert "找不到字体文件" in outcome.error.zh
    assert not (tmp_path / "paper.bin").exists()


def test_a_file_printer_collects_every_job(demo_db, demo_db_path, ring_up, clock, tmp_path):
    paper = tmp_path / "paper.bin"
    use_printer(demo_db, printer_kind="file", printer_file=str(paper))
    first = _queue_receipt(demo_db, ring_up(), clock)
    second = _queue_receipt(demo_db, ring_up(), clock)
    assert deliver_job(demo_db_path, first, clock).printed
    assert deliver_job(demo_db_path, second, clock).printed
    assert paper.read_bytes() == job_payload(demo_db, first) + job_payload(demo_db, second)


def test_a_job_keeps_its_layout(demo_db, ring_up, clock):
    sale = ring_up()
    layout = sale_receipt(sale, load_settings(demo_db))
    job_id = enqueue_job(demo_db, JobKind.SALE, sale.receipt_no, layout, clock.stamp())
    assert job_layout(demo_db, job_id) == layout
    assert load_job(demo_db, job_id).status is JobStatus.QUEUED


def test_a_printed_job_is_not_printed_twice(demo_db, demo_db_path, ring_up, clock):
    with FakePrinter() as printer:
        use_network_printer(demo_db, printer.port)
        job_id = _queue_receipt(demo_db, ring_up(), clock)
        assert deliver_job(demo_db_path, job_id, clock).printed
        again = deliver_job(demo_db_path, job_id, clock)
    assert again.printed and again.job.attempts == 1
    assert len(printer.received) == 1


def test_a_job_queued_by_the_counter_while_the_worker_reads_does_not_fail_the_attempt(
    demo_db, tmp_path, clock, ring_up
):
    # The counter queues a second paper (a lot's labels, then its slip) just as the
    # print worker reads the first job: the worker's attempt must still go through.
    from station_app.printing.print_jobs import begin_attempt
    from station_app.storage.database import connect

    use_printer(demo_db, printer_kind="file", printer_file=str(tmp_path / "paper.bin"))
    first = _queue_receipt(demo_db, ring_up(), clock)
    worker = connect(demo_db.execute("PRAGMA database_list").fetchone()[2])
    queued: list[int] = []

    def counter_queues_the_next_job(statement: str) -> None:
        # Just before the worker's write transaction takes the lock: after its read.
        if statement.startswith("BEGIN") and not queued:
            queued.append(_queue_receipt(demo_db, ring_up(), clock))

    worker.conn.set_trace_callback(counter_queues_the_next_job)
    try:
        before = begin_attempt(worker, first, clock.stamp())
    finally:
        worker.conn.set_trace_callback(None)
        worker.close()
    assert before.attempts == 0 and queued
    assert load_job(demo_db, first).status is JobStatus.PRINTING
