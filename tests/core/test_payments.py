"""The cash-drawer rule, what is still due and the change: money rules of the payment step."""

import pytest

from station_app.core.payments import (
    PaymentMethod,
    Tender,
    cash_change_fen,
    opens_drawer,
    still_due_fen,
)


def test_cash_opens_the_drawer():
    assert opens_drawer([PaymentMethod.CASH]) is True


def test_cash_among_other_methods_opens_the_drawer():
    assert opens_drawer([PaymentMethod.WECHAT, PaymentMethod.CASH, PaymentMethod.ACCOUNT]) is True


@pytest.mark.parametrize(
    "method",
    [PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.UNIONPAY, PaymentMethod.ACCOUNT],
)
def test_money_that_never_touches_the_till_keeps_the_drawer_shut(method):
    assert opens_drawer([method, method]) is False


def test_no_money_moved_keeps_the_drawer_shut():
    assert opens_drawer([]) is False


def test_the_methods_may_come_from_a_generator():
    tenders = [(PaymentMethod.ALIPAY, 100), (PaymentMethod.CASH, 200)]
    assert opens_drawer(method for method, _fen in tenders) is True


def test_what_is_still_due_is_the_total_less_every_tender_taken():
    tenders = [Tender(PaymentMethod.WECHAT, 1000), Tender(PaymentMethod.CASH, 500)]
    assert still_due_fen(2140, tenders) == 640
    assert still_due_fen(2140, []) == 2140


def test_nothing_is_still_due_once_the_tenders_pass_the_total():
    assert still_due_fen(1500, [Tender(PaymentMethod.CASH, 2000)]) == 0


def test_change_is_what_the_cash_handed_over_exceeds_what_is_due():
    assert cash_change_fen(2140, 5000) == 2860
    assert cash_change_fen(2140, 2140) == 0


def test_no_change_while_the_cash_handed_over_is_short():
    assert cash_change_fen(2140, 2000) == 0
