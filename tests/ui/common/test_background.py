from station_app.ui.common.background import run_in_background


def test_result_comes_back_on_the_ui_thread(qtbot):
    import threading

    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    run_in_background(work, done, lambda error: None)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["callback"] == threading.main_thread().ident != seen["worker"]


def test_errors_come_back_to_on_error(qtbot):
    errors = []

    def work():
        raise ValueError("printer offline")

    run_in_background(work, lambda value: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "printer offline"
