import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_printing_leaves_the_root_logger_alone():
    # python-escpos calls logging.basicConfig() on import; our loader undoes that, so the
    # sync job's log lines never echo to the terminal.
    code = (
        "import logging\n"
        "from station_app.printing.charset import CharacterMode\n"
        "from station_app.printing.escpos_render import render_escpos\n"
        "from station_app.printing.receipt_layout import Layout, Text\n"
        "render_escpos(Layout((Text('测试'),), 32), CharacterMode.GB18030)\n"
        "import escpos.printer\n"
        "print(len(logging.getLogger().handlers))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "0"


def test_opening_the_counter_code_does_not_load_python_escpos():
    code = (
        "import sys\n"
        "import station_app.printing.escpos_render, station_app.printing.print_jobs\n"
        "print('escpos.capabilities' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "False"
