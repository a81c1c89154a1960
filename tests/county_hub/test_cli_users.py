"""`python -m county_hub add-user / users / disable-user`: the console's accounts from a shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from county_hub.console.passwords import verify_password
from county_hub.storage import open_store

ROOT = Path(__file__).resolve().parents[2]


def hub_cli(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COUNTY_HUB_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "county_hub", *args, "--db", db],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_add_user_reads_the_password_from_stdin_and_stores_only_an_argon2_hash(db_url: str):
    added = hub_cli(
        "add-user",
        "王主任",
        "--role",
        "admin",
        "--password",
        "-",
        db=db_url,
        stdin="county-admin-2026\n",
    )
    assert (added.returncode, added.stdout) == (0, "user 王主任 (admin) added\n")
    store = open_store(db_url)
    try:
        found = store.users.credentials("王主任")
        assert found is not None
        user, stored = found
        assert user.role == "admin"
        assert stored.startswith("$argon2id$") and "county-admin-2026" not in stored
        assert verify_password(stored, "county-admin-2026")
        assert store.audit.recent(1)[0].action == "user.added"
    finally:
        store.close()


def test_a_weak_password_a_second_account_and_a_password_argument_are_refused(db_url: str):
    weak = hub_cli(
        "add-user", "li", "--role", "clerk", "--password", "-", db=db_url, stdin="short\n"
    )
    assert (weak.returncode, weak.stderr) == (1, "error: the password must be 10-128 characters\n")
    hub_cli(
        "add-user", "li", "--role", "clerk", "--password", "-", db=db_url, stdin="long-enough-1\n"
    )
    again = hub_cli(
        "add-user", "li", "--role", "viewer", "--password", "-", db=db_url, stdin="long-enough-2\n"
    )
    assert again.stderr == "error: user li already exists\n"
    in_argv = hub_cli(
        "add-user", "zhao", "--role", "viewer", "--password", "secret123456", db=db_url
    )
    assert in_argv.returncode == 2
    assert hub_cli("add-user", "x", "--role", "root", "--password", "-", db=db_url).returncode == 2


def test_users_lists_accounts_and_disable_user_disables_one(db_url: str):
    assert hub_cli("users", db=db_url).stdout.startswith("no users yet")
    hub_cli(
        "add-user", "li", "--role", "clerk", "--password", "-", db=db_url, stdin="long-enough-1\n"
    )
    hub_cli(
        "add-user", "wu", "--role", "viewer", "--password", "-", db=db_url, stdin="long-enough-2\n"
    )
    assert hub_cli("disable-user", "wu", db=db_url).stdout == "user wu disabled\n"
    lines = [line.split("\t")[:3] for line in hub_cli("users", db=db_url).stdout.splitlines()]
    assert lines == [["li", "clerk", "active"], ["wu", "viewer", "disabled"]]
    listed = json.loads(hub_cli("users", "--json", db=db_url).stdout)["users"]
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [
        ("li", "clerk", True),
        ("wu", "viewer", False),
    ]
    assert set(listed[0]) == {"name", "role", "active", "created_at", "locked_until"}
    assert hub_cli("disable-user", "nobody", db=db_url).stderr == "error: no user nobody\n"
