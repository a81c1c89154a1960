"""The real county hub (`python -m county_hub serve`) on 127.0.0.1, driven by its CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("STATION_DATA_DIR", "COUNTY_HUB_DB", "DISPLAY")
    }
    env["PYTHONPATH"] = str(ROOT)
    return env


class RealHub:
    """One hub process with its own SQLite file; stopped by its pid."""

    def __init__(self, folder: Path) -> None:
        self.db_url = f"sqlite:///{folder / 'hub.db'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (folder / "hub.log").open("wb")
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `python -m county_hub ARGS --db URL`."""
        command, *rest = args
        result = subprocess.run(
            [sys.executable, "-m", "county_hub", command, "--db", self.db_url, *rest],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"county_hub {args}: {result.stderr}")
        return result

    def start(self) -> RealHub:
        self.command("stations")  # creates the schema before the server starts
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "county_hub",
                "serve",
                "--db",
                self.db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/v1/ping", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
            if self.process.poll() is not None:
                break
        raise AssertionError("the hub did not start; see hub.log")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()

    def add_station(self, station_id: str) -> str:
        """Provision a station; returns its secret."""
        return self.command(
            "add-station", station_id, "--name", f"测试站 {station_id}"
        ).stdout.strip()

    def stats(self, station_id: str, day: str | None = None) -> dict[str, Any]:
        args = ["stats", "--station", station_id, "--json"]
        if day:
            args += ["--date", day]
        return json.loads(self.command(*args).stdout)
