"""The nightly-job definitions in packaging/ run `sync` and treat its exit codes right."""

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
TASK_NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


def _unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(PACKAGING / "linux" / name, encoding="utf-8")
    return parser


def test_the_systemd_service_runs_the_sync_command_and_accepts_rejections():
    service = _unit("station-sync.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].split()[-1] == "sync"
    assert service["SuccessExitStatus"] == "2"
    assert set(service["RestartPreventExitStatus"].split()) == {"1", "4"}


def test_the_systemd_timer_runs_nightly_and_catches_up():
    timer = _unit("station-sync.timer")
    assert timer["Timer"]["OnCalendar"].endswith("02:30:00")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_windows_task_runs_station_sync_daily():
    root = ET.parse(PACKAGING / "windows" / "station-sync-task.xml").getroot()
    command = root.findtext("t:Actions/t:Exec/t:Command", namespaces=TASK_NS)
    arguments = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=TASK_NS)
    assert command.endswith("station-sync.exe") and arguments.split()[-1] == "sync"
    assert (
        root.findtext(
            "t:Triggers/t:CalendarTrigger/t:ScheduleByDay/t:DaysInterval", namespaces=TASK_NS
        )
        == "1"
    )
    assert root.findtext("t:Settings/t:StartWhenAvailable", namespaces=TASK_NS) == "true"
