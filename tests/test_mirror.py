from pathlib import Path

from tests.mirror import ROOT, SCENARIOS, mirrors_a_module, unmirrored_test_files


def test_every_test_file_mirrors_a_module_or_is_a_listed_scenario():
    assert unmirrored_test_files() == []


def test_a_test_may_add_an_aspect_after_the_modules_name():
    assert mirrors_a_module(ROOT / "tests" / "core" / "test_sales.py")
    assert mirrors_a_module(ROOT / "tests" / "sync" / "test_sync_job_anchor.py")
    assert mirrors_a_module(ROOT / "tests" / "county_hub" / "storage" / "test_lots.py")
    assert mirrors_a_module(ROOT / "tests" / "ui" / "checkout" / "test_checkout_controller.py")


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")


def test_a_test_named_after_no_module_is_reported(tmp_path):
    _touch(tmp_path / "station_app" / "core" / "sales.py")
    _touch(tmp_path / "county_hub" / "stats.py")
    _touch(tmp_path / "tests" / "core" / "test_sales_refunds.py")
    _touch(tmp_path / "tests" / "core" / "test_basket.py")
    _touch(tmp_path / "tests" / "county_hub" / "test_stats.py")
    _touch(tmp_path / "tests" / "county_hub" / "test_sales.py")
    assert unmirrored_test_files(tmp_path) == [
        "tests/core/test_basket.py",
        "tests/county_hub/test_sales.py",
    ]


def test_every_listed_scenario_exists():
    assert [name for name in SCENARIOS if not (ROOT / name).is_file()] == []
