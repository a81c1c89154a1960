"""The counter app's background sync: when it runs, what the status bar says."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from station_app.sync.errors import HubAuthRefused, HubUnreachable, NotLinked
from station_app.sync.sync_job import SyncOutcome
from station_app.ui.common.translation import install_translators
from station_app.ui.sync.sync_worker import SyncWorker

OK = SyncOutcome(1, 1, 0, 0, 0, 0, 0, 0, 0, "2026-11-26T08:00:00.000Z")


class Script:
    """Plays the hub: each call pops the next answer (an outcome or an exception)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _scheduled(worker):
    """The worker's timers still due to fire: it starts a sync or a probe only from one."""
    return [timer for timer in worker.findChildren(QTimer) if timer.isActive()]


def _worker(qtbot, tmp_path, runner, prober=None, **kwargs):
    worker = SyncWorker(
        tmp_path / "station.db",
        runner=runner,
        prober=prober or Script(object()),
        probe_first_ms=20,
        probe_max_ms=200,
        rng=random.Random(3),
        **kwargs,
    )
    # Parented to nothing: the test keeps it alive and stops it at the end.
    return worker


def test_a_good_sync_is_online(qtbot, tmp_path):
    worker = _worker(qtbot, tmp_path, Script(OK))
    with qtbot.waitSignal(worker.sync_finished) as finished:
        worker.sync_now()
    assert finished.args[0] is OK
    assert (worker.state.online, worker.state.running, worker.state.message) == (True, False, "")
    worker.stop()


def test_offline_probes_with_growing_jittered_pauses_until_the_hub_answers(qtbot, tmp_path):
    runner = Script(HubUnreachable("connection refused"), OK)
    prober = Script(HubUnreachable("x"), HubUnreachable("x"), object())
    worker = _worker(qtbot, tmp_path, runner, prober)
    pauses = []
    original = worker._probe.start
    worker._probe.start = lambda ms: (pauses.append(ms), original(ms))[1]
    with qtbot.waitSignal(worker.sync_finished) as first:
        worker.sync_now()
    assert isinstance(first.args[0], HubUnreachable)
    assert worker.state.online is False
    assert "Cannot reach the county hub" in worker.state.message
    with qtbot.waitSignal(worker.sync_finished, timeout=5000) as second:
        pass  # two failed probes, a good one, then the sync it starts
    assert second.args[0] is OK
    assert (worker.state.online, prober.calls, runner.calls) == (True, 3, 2)
    assert 10 <= pauses[0] <= 30 and 20 <= pauses[1] <= 60 and 40 <= pauses[2] <= 120
    worker.stop()


def test_sync_now_while_running_runs_once_more_after(qtbot, tmp_path):
    runner = Script(OK)
    worker = _worker(qtbot, tmp_path, runner)
    finished, running = [], []
    worker.sync_finished.connect(finished.append)
    worker.state_changed.connect(lambda state: running.append(state.running))
    worker.sync_now()
    worker.sync_now()
    worker.sync_now()
    # A third run would start (running=True) within the second one's end, before this
    # check sees the second result.
    qtbot.waitUntil(lambda: len(finished) == 2)
    assert running == [True, False, True, False]
    assert runner.calls == 2 and _scheduled(worker) == []
    worker.stop()


def test_a_refused_key_needs_a_person_not_a_probe(qtbot, tmp_path):
    prober = Script(object())
    worker = _worker(qtbot, tmp_path, Script(HubAuthRefused("401", "bad_signature")), prober)
    with qtbot.waitSignal(worker.sync_finished):
        worker.sync_now()
    assert worker.state.online is True
    assert "station key" in worker.state.message
    # A probe is planned before the result is announced; none is.
    assert _scheduled(worker) == []
    assert prober.calls == 0
    worker.stop()


def test_an_unlinked_station_stops_trying(qtbot, tmp_path):
    runner = Script(NotLinked("no hub"))
    worker = _worker(qtbot, tmp_path, runner, period_ms=20)
    worker.start(first_delay_ms=1)
    qtbot.waitUntil(lambda: not worker.state.linked)
    assert runner.calls == 1
    assert _scheduled(worker) == []  # no period, no probe: nothing will try again
    worker.sync_now()
    assert not worker.state.running  # the keeper's key does not start one either
    assert runner.calls == 1


def test_after_stop_nothing_more_runs(qtbot, tmp_path):
    runner = Script(OK)
    worker = _worker(qtbot, tmp_path, runner, period_ms=10)
    worker.start(first_delay_ms=10)
    worker.stop()
    assert _scheduled(worker) == []
    worker.sync_now()
    assert not worker.state.running
    assert runner.calls == 0


@pytest.fixture
def chinese(qapp):
    installed = install_translators(qapp, "zh_CN")
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (HubUnreachable("timed out"), "连不上县级服务中心"),
        (HubAuthRefused("401", "bad_signature"), "重新配置站点密钥"),
        (HubAuthRefused("401", "stale_timestamp"), "校准"),
        (NotLinked("x"), "尚未连接"),
    ],
)
def test_typed_errors_read_as_plain_chinese(qtbot, tmp_path, chinese, error, words):
    worker = _worker(qtbot, tmp_path, Script(OK))
    assert words in worker.describe(error)
