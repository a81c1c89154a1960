"""The provisioning code the hub prints and the station reads back."""

from __future__ import annotations

import pytest

from village_protocol.provisioning import (
    Provisioning,
    ProvisioningCodeRefused,
    make_provisioning_code,
    read_provisioning_code,
)

HUB = "https://hub.county.example/"
SECRET = "s3cr3t-Zk_9+/=="


def test_a_code_gives_back_the_hub_url_station_id_and_secret():
    code = make_provisioning_code(HUB, "HN-ZZ-0001", SECRET)
    assert code.startswith("VSP1.")
    assert read_provisioning_code(code) == Provisioning(HUB, "HN-ZZ-0001", SECRET)


def test_a_code_wrapped_over_lines_or_padded_with_spaces_still_reads():
    code = make_provisioning_code(HUB, "HN-ZZ-0001", SECRET)
    wrapped = "  " + code[:20] + "\n" + code[20:40] + " \r\n" + code[40:] + "\n"
    assert read_provisioning_code(wrapped).station_id == "HN-ZZ-0001"


def test_a_truncated_code_is_refused_with_what_to_do():
    code = make_provisioning_code(HUB, "HN-ZZ-0001", SECRET)
    with pytest.raises(ProvisioningCodeRefused, match="重新完整复制") as refused:
        read_provisioning_code(code[:-3])
    assert "copy (or scan) the whole code" in refused.value.en


@pytest.mark.parametrize("position", [6, 15, 30])
def test_a_code_with_one_mistyped_character_is_refused(position: int):
    code = make_provisioning_code(HUB, "HN-ZZ-0001", SECRET)
    wrong = "A" if code[position] != "A" else "B"
    with pytest.raises(ProvisioningCodeRefused, match="incomplete or mistyped"):
        read_provisioning_code(code[:position] + wrong + code[position + 1 :])


def test_text_that_is_not_a_code_is_refused_saying_what_a_code_looks_like():
    with pytest.raises(ProvisioningCodeRefused, match=r"starts with VSP1\."):
        read_provisioning_code("https://hub.county.example/")


def test_a_code_of_a_newer_version_asks_to_update_the_app():
    with pytest.raises(ProvisioningCodeRefused, match="update this app"):
        read_provisioning_code("VSP2.eyJoIjoiIn0.12345678")
