import pytest

from station_app.core.audit import verify_audit


def test_intact_chain_verifies(shop):
    verdict = verify_audit(shop.db)
    assert verdict.ok
    assert verdict.rows_checked >= 6  # two operators, four products


def _untrigger(db):
    # A tamperer with the file can drop the triggers; the chain must still tell.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def test_edited_row_is_detected(shop):
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 3")
    verdict = verify_audit(shop.db)
    assert (verdict.ok, verdict.first_bad_seq) == (False, 3)


def test_deleted_row_is_detected(shop):
    _untrigger(shop.db)
    shop.db.execute("DELETE FROM audit_log WHERE seq = 2")
    assert verify_audit(shop.db).first_bad_seq == 2


def test_audit_rows_cannot_be_changed_through_sql(shop):
    with pytest.raises(Exception, match="append-only"):
        shop.db.execute("UPDATE audit_log SET action = 'x'")
