"""A stand-in station for hub tests: signs requests by the protocol, written independently
of both the hub's `auth.py` and the station's client, so a shared mistake cannot hide."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import secrets
import time
import uuid
from typing import Any

import requests


def signature(
    secret: str, method: str, target: str, timestamp: str, nonce: str, body: bytes
) -> str:
    lines = [method, target, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    return hmac.new(
        secret.encode("utf-8"), "\n".join(lines).encode("utf-8"), hashlib.sha256
    ).hexdigest()


def gzip_json(value: Any) -> bytes:
    return gzip.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def sale_event(
    seq: int,
    total_fen: int,
    payments: list[tuple[str, int]] | None = None,
    created_at: str = "2026-11-26T08:00:00.000Z",
    **extra: Any,
) -> dict[str, Any]:
    """A sale as the station sends it; `subtotal_fen` / `discount_fen` / `rounding_fen` in
    `extra` make the one line's gross the subtotal, as the station's cart would."""
    sale_id = str(uuid.uuid4())
    payload = {
        "sale_id": sale_id,
        "receipt_no": f"20261126-T1-{seq:05d}",
        "terminal_id": "T1",
        "created_at": created_at,
        "tz_offset_min": 480,
        "subtotal_fen": total_fen,
        "discount_fen": 0,
        "rounding_fen": 0,
        "total_fen": total_fen,
        "payments": [
            {"method": m, "amount_fen": a, "reference": "", "villager_id": None}
            for m, a in (payments or [("cash", total_fen)])
        ],
    }
    payload.update(extra)
    payload.setdefault(
        "lines",
        [
            {
                "name": "可口可乐 500ml",
                "quantity": 1,
                "discount_fen": 0,
                "total_fen": payload["subtotal_fen"],
            }
        ],
    )
    return {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "kind": "sale.completed",
        "created_at": created_at,
        "payload": payload,
    }


def refund_event(
    seq: int,
    sale: dict[str, Any],
    total_fen: int,
    method: str = "cash",
    created_at: str = "2026-11-26T09:00:00.000Z",
) -> dict[str, Any]:
    payload = {
        "refund_id": str(uuid.uuid4()),
        "refund_no": f"R20261126-T1-{seq:05d}",
        "sale_id": sale["payload"]["sale_id"],
        "receipt_no": sale["payload"]["receipt_no"],
        "method": method,
        "total_fen": total_fen,
        "reason": "",
        "created_at": created_at,
        "lines": [{"sale_line_id": "line-1", "quantity": 1, "amount_fen": total_fen}],
    }
    return {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "kind": "refund.completed",
        "created_at": created_at,
        "payload": payload,
    }


class StationDouble:
    """Signs and sends requests as station `station_id`; overrides forge bad requests."""

    def __init__(self, base_url: str, station_id: str, secret: str) -> None:
        self.base_url = base_url
        self.station_id = station_id
        self.secret = secret
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def headers(
        self,
        method: str,
        target: str,
        body: bytes,
        *,
        timestamp: int | None = None,
        nonce: str | None = None,
        secret: str | None = None,
        station_id: str | None = None,
    ) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce or secrets.token_hex(16)
        return {
            "X-Station-Id": station_id or self.station_id,
            "X-Timestamp": stamp,
            "X-Nonce": nonce,
            "X-Signature": signature(secret or self.secret, method, target, stamp, nonce, body),
        }

    def send(
        self,
        method: str,
        target: str,
        body: bytes = b"",
        *,
        headers: dict[str, str] | None = None,
        **forge: Any,
    ) -> requests.Response:
        sent = headers or self.headers(method, target, body, **forge)
        if method == "POST":
            sent = {"Content-Type": "application/json", "Content-Encoding": "gzip", **sent}
        return self.session.request(
            method, self.base_url + target, data=body or None, headers=sent, timeout=30
        )

    def upload(
        self, events: list[dict[str, Any]], *, body_station: str | None = None, **forge: Any
    ) -> requests.Response:
        batch = {"station_id": body_station or self.station_id, "events": events}
        return self.send("POST", "/v1/events", gzip_json(batch), **forge)

    def changes(self, after: int = 0, limit: int | None = None, **forge: Any) -> requests.Response:
        target = f"/v1/changes?after={after}" + (f"&limit={limit}" if limit is not None else "")
        return self.send("GET", target, **forge)


def statuses(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def error_code(response: requests.Response) -> str:
    return str(response.json()["error"]["code"])
