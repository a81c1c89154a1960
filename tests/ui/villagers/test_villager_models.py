from PySide6.QtCore import Qt

from station_app.core.credit import LedgerEntry
from station_app.core.villagers import Villager
from station_app.ui.villagers.villager_models import (
    OVER_LIMIT_COLOUR,
    LedgerModel,
    VillagerColumn,
    VillagerListModel,
    VillagerRow,
)

WANG = Villager("v1", "王大山", "13812341234", "一组", "", 20_000)
LI = Villager("v2", "李春花", None, "二组", "", 0)


def test_villager_list_model_passes_the_model_tester(qtmodeltester):
    model = VillagerListModel()
    model.set_records([VillagerRow(WANG, 25_000), VillagerRow(LI, 0)])
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(VillagerListModel(), force_py=True)


def test_register_masks_phones_and_marks_balances_over_the_limit(qapp):
    model = VillagerListModel()
    model.set_records([VillagerRow(WANG, 25_000), VillagerRow(LI, 0)])
    assert [model.index(0, c).data() for c in range(5)] == [
        "王大山",
        "138****1234",
        "一组",
        "¥250.00",
        "¥200.00",
    ]
    assert model.index(1, VillagerColumn.PHONE).data() == ""
    brush = model.index(0, VillagerColumn.BALANCE).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == OVER_LIMIT_COLOUR
    assert model.index(1, VillagerColumn.BALANCE).data(Qt.ItemDataRole.ForegroundRole) is None


def test_ledger_model_passes_the_model_tester_and_shows_the_running_balance(qtmodeltester, clock):
    model = LedgerModel(clock)
    model.set_entries(
        [
            LedgerEntry(
                1,
                "2025-03-01T02:00:00.000Z",
                "sale",
                1_200,
                None,
                "s1",
                "",
                1_200,
                "20250301-T1-00001",
            ),
            LedgerEntry(2, "2025-03-02T02:00:00.000Z", "repayment", -1_000, "cash", None, "", 200),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert [model.index(0, c).data() for c in range(5)] == [
        "2025-03-01 10:00",
        "Bought on account",
        "20250301-T1-00001",
        "¥12.00",
        "¥12.00",
    ]
    assert model.index(1, 1).data() == "Repayment (Cash)"
    assert model.index(1, 4).data() == "¥2.00"
