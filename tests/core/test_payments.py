"""The cash-drawer rule: paper for money that moves in cash opens the till, nothing else."""

import pytest

from station_app.core.payments import PaymentMethod, opens_drawer


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
