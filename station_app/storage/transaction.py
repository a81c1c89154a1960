"""The one way a business action opens its transaction: `BEGIN IMMEDIATE`.

sqlite-utils' `db.atomic()` starts a deferred transaction. One that reads before
it writes (next receipt number, parcel state, a balance) fails at once with
"database is locked" when another connection — the sync job — commits between
the read and the write, and the busy timeout does not help it. An immediate
transaction asks for the write lock up front, so it waits (busy timeout) for the
other writer's few milliseconds instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from station_app.storage.sqlite_wrapper import Database


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run the block in one `BEGIN IMMEDIATE … COMMIT`; nested calls become savepoints.

    Rolls everything back on any exception, which then propagates unchanged.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    try:
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Run reads in one deferred transaction, rolled back at the end: one consistent view.

    In WAL mode every query of the block sees the same committed state, so a report of
    several queries cannot disagree with itself when the counter commits a sale
    meanwhile. Inside a caller's transaction it simply runs there.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.conn.rollback()
