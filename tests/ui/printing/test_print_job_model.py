from station_app.core.clock import Clock
from station_app.core.statuses import JobStatus
from station_app.printing.print_jobs import PrintJob
from station_app.ui.printing.print_job_model import PrintJobModel


def _job(job_id, status=JobStatus.FAILED):
    return PrintJob(
        job_id,
        "sale",
        f"20250301-T1-0000{job_id}",
        "2025-03-01T06:03:04.000Z",
        "2025-03-01T06:03:05.000Z",
        status,
        2,
        "连不上打印机",
        "Cannot reach",
        True,
    )


def test_model_passes_the_model_tester(qtmodeltester):
    model = PrintJobModel([_job(1), _job(2, JobStatus.QUEUED)], Clock(), "zh_CN")
    qtmodeltester.check(model)


def test_rows_show_time_receipt_and_why(qtbot):
    model = PrintJobModel([_job(1), _job(2, JobStatus.QUEUED)], Clock(), "en")
    first = model.index(0).data()
    assert first.startswith("03-01 14:03")
    assert "20250301-T1-00001" in first and "Cannot reach" in first and "2" in first
    assert "not sent" in model.index(1).data()
    model.set_jobs([])
    assert model.rowCount() == 0
