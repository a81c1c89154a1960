"""The provisioning code: hub URL, station id and secret in one line to paste or scan.

`county_hub add-station` prints it (as text and a QR code) once; the station's set-up
wizard and `init --provisioning-code` read it back. Its form is
`VSP1.<base64url of a small JSON>.<checksum>`: the version prefix tells a code from any
other text, and the checksum (8 hex digits of SHA-256 over the part before it) turns a
mistyped or cut-off code into a clear refusal instead of a link to the wrong place.
The code carries the secret: whoever holds it can sign as the station.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

PREFIX = "VSP1"
_CHECK_CHARS = 8


class ProvisioningCodeRefused(ValueError):
    """The text is not a whole, correct provisioning code; `zh` / `en` say what to do."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.code = "provisioning_code_bad"


@dataclass(frozen=True)
class Provisioning:
    """What the hub gives a station so that it can sync."""

    hub_url: str
    station_id: str
    secret: str


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("ascii")).hexdigest()[:_CHECK_CHARS]


def make_provisioning_code(hub_url: str, station_id: str, secret: str) -> str:
    """The one-line code for these three values."""
    if not (hub_url and station_id and secret):
        raise ValueError("hub_url, station_id and secret must all be given")
    data = json.dumps(
        {"h": hub_url, "s": station_id, "k": secret}, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    body = f"{PREFIX}.{base64.urlsafe_b64encode(data).decode('ascii').rstrip('=')}"
    return f"{body}.{_checksum(body)}"


def _refused_damaged() -> ProvisioningCodeRefused:
    return ProvisioningCodeRefused(
        "开通码不完整或有错字，请重新完整复制（或扫描）县级平台打印的开通码",
        "The provisioning code is incomplete or mistyped: copy (or scan) the whole code "
        "the county hub printed again",
    )


def read_provisioning_code(text: str) -> Provisioning:
    """The hub URL, station id and secret in a pasted or scanned code.

    Spaces and line breaks inside are ignored (a code wrapped by a terminal or mail).

    Raises:
        ProvisioningCodeRefused: not a provisioning code, a newer version, or damaged.
    """
    code = "".join(text.split())
    if not code.upper().startswith(f"{PREFIX}."):
        if code[:3].upper() == "VSP" and "." in code:
            raise ProvisioningCodeRefused(
                "这个开通码来自更新版本的县级平台，请先升级本软件",
                "This provisioning code is from a newer county hub: update this app first",
            )
        raise ProvisioningCodeRefused(
            f"这不是开通码：开通码以 {PREFIX}. 开头，由县级平台 add-station 打印",
            f"This is not a provisioning code: it starts with {PREFIX}. and is printed "
            "by the county hub's add-station",
        )
    body, _, check = code.rpartition(".")
    if body.count(".") != 1 or check.lower() != _checksum(f"{PREFIX}.{body[len(PREFIX) + 1 :]}"):
        raise _refused_damaged()
    encoded = body[len(PREFIX) + 1 :]
    try:
        data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        values = (data["h"], data["s"], data["k"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise _refused_damaged() from None
    if not all(isinstance(value, str) and value for value in values):
        raise _refused_damaged()
    return Provisioning(*values)
