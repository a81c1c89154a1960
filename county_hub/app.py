"""The hub's HTTP API (FastAPI): ping, event upload, change feed, and `/openapi.json`.

The OpenAPI description takes the event kinds, the change kinds with their `data`
schemas and every limit from `village_protocol`, so it cannot drift from what the hub
enforces.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from county_hub.anchors import (
    MAX_ANCHOR_BODY_BYTES,
    TERMINAL_ID,
    AnchorAnswer,
    anchor_answer,
    confirm_anchor,
    parse_anchor_request,
)
from county_hub.anchors import request_schema as anchor_request_schema
from county_hub.auth import SignedRequest, check_headers, verify
from county_hub.console.pages import install_console
from county_hub.errors import HubRefusal, malformed, timed_out, too_large
from county_hub.models import (
    ChangesPage,
    ErrorBody,
    Ping,
    UploadBatch,
    UploadResults,
)
from county_hub.recovery import (
    MAX_RECOVERY_BODY_BYTES,
    MyEventsPage,
    RecoveryOut,
    my_events_page,
    parse_recovery_request,
    record_recovery,
)
from county_hub.releases import mount_update_repository
from county_hub.storage import HubStore, default_db_url, open_store
from county_hub.storage.change_feed import page_json
from county_hub.upload import gunzip, read_upload, store_batch
from village_protocol import protocol_limits
from village_protocol.changes import CHANGE_KINDS, data_schema
from village_protocol.events import EVENT_KINDS
from village_protocol.limits import (
    BODY_TIMEOUT_S,
    CLOCK_WINDOW_S,
    DEFAULT_PAGE_LIMIT,
    MAX_EVENTS_PER_BATCH,
    MAX_KIND,
    MAX_PAGE_LIMIT,
    MAX_SEQ,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_DECOMPRESSED_BYTES,
    MIN_PAGE_LIMIT,
    PROTOCOL_VERSION,
)

log = logging.getLogger("county_hub")
# Seconds a request body may take to arrive; replaces BODY_TIMEOUT_S when set.
BODY_TIMEOUT_ENV = "COUNTY_HUB_BODY_TIMEOUT_S"

# The four signed headers, declared once so every signed operation lists them.
SIGNED: list[dict[str, list[str]]] = [
    {"X-Station-Id": [], "X-Timestamp": [], "X-Nonce": [], "X-Signature": []}
]
SECURITY_SCHEMES = {
    "X-Station-Id": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Station-Id",
        "description": "the station id",
    },
    "X-Timestamp": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Timestamp",
        "description": f"Unix seconds; refused beyond ±{CLOCK_WINDOW_S} s of the hub's clock",
    },
    "X-Nonce": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Nonce",
        "description": "32 lowercase hex characters, fresh for every request",
    },
    "X-Signature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Signature",
        "description": "hex HMAC-SHA256(secret, METHOD\\nPATH?QUERY\\nTIMESTAMP"
        "\\nNONCE\\nhex SHA-256 of the body as sent)",
    },
}
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "malformed"},
    401: {
        "model": ErrorBody,
        "description": "unknown_station, bad_signature, "
        "stale_timestamp, replayed_nonce, "
        "station_mismatch; nothing stored",
    },
    408: {"model": ErrorBody, "description": "timeout: the body did not arrive in time"},
    413: {"model": ErrorBody, "description": "too_large"},
    500: {"model": ErrorBody, "description": "internal"},
}
UPLOAD_DESCRIPTION = (
    "Upload outbox events. The body is the JSON `UploadBatch` **compressed with gzip**, "
    "sent with `Content-Type: application/json` and `Content-Encoding: gzip`; at most "
    f"{MAX_UPLOAD_BYTES} bytes as sent and {MAX_UPLOAD_DECOMPRESSED_BYTES} decompressed, at most "
    f"{MAX_EVENTS_PER_BATCH} events. "
    "Each event is stored once per (station, event id): `accepted` the first time, "
    "`duplicate` after, `rejected` (not stored, with a reason) if its kind or payload "
    "breaks the protocol or means nothing a station could send (amounts out of bounds, "
    "figures that do not add up, unknown methods, malformed text), and `rejected` with "
    "a `conflict: …` reason if the event id is already stored with another payload. "
    "The signature headers are checked before the body is read; the body must arrive "
    f"within the hub's time limit ({BODY_TIMEOUT_S:g} s by default), else `408 timeout`."
)


PAGING: list[dict[str, Any]] = [
    {
        "name": "after",
        "in": "query",
        "required": False,
        "description": "last cursor applied, 0 at first",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_SEQ, "default": 0},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "page size",
        "schema": {
            "type": "integer",
            "minimum": MIN_PAGE_LIMIT,
            "maximum": MAX_PAGE_LIMIT,
            "default": DEFAULT_PAGE_LIMIT,
        },
    },
]


def iso_now(now_s: float) -> str:
    """UTC ISO-8601 with milliseconds and a Z, as the protocol writes times."""
    moment = datetime.fromtimestamp(now_s, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: int, code: str, message: str, *, close: bool = False) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}},
        status_code=status,
        headers={"Connection": "close"} if close else None,
    )


def body_timeout_from_env() -> float:
    """`$COUNTY_HUB_BODY_TIMEOUT_S` if it is a positive number of seconds, else the default."""
    try:
        seconds = float(os.environ.get(BODY_TIMEOUT_ENV, ""))
    except ValueError:
        return BODY_TIMEOUT_S
    return seconds if 0 < seconds < float("inf") else BODY_TIMEOUT_S


async def _read_body(request: Request, timeout_s: float, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The request body, refused with 413 once it passes `limit` bytes.

    Also refused, with 408, when it has not all arrived within `timeout_s` seconds.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(f"the body is over {limit} bytes", close=True)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large(f"the body is over {limit} bytes", close=True)
                chunks.append(chunk)
    except ClientDisconnect:
        # A link dropped mid-upload: nothing was stored, the station will resend.
        raise malformed("the request body was cut off") from None
    except TimeoutError:
        raise timed_out(f"the request body did not arrive within {timeout_s:g} s") from None
    return b"".join(chunks)


def _query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    """A paging parameter, checked only once the request is authenticated."""
    text = request.query_params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 20 and low <= int(text) <= high):
        raise malformed(f"query.{name}: must be an integer from {low} to {high}")
    return int(text)


def _signed(request: Request, body: bytes) -> SignedRequest:
    # The signature covers the path exactly as sent, so use the raw bytes, not a decoded URL.
    path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = path + b"?" + query if query else path
    return SignedRequest(request.method, target.decode("latin-1"), request.headers, body)


def create_app(
    store: HubStore, clock: Callable[[], float] = time.time, *, body_timeout_s: float | None = None
) -> FastAPI:
    """The ASGI app over `store`; `clock` (Unix seconds) is replaceable for tests.

    `body_timeout_s` bounds how long a request body may take to arrive (default
    `$COUNTY_HUB_BODY_TIMEOUT_S`, else 10 s).
    """
    body_timeout = body_timeout_s if body_timeout_s is not None else body_timeout_from_env()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="County hub (县级服务中心)",
        version=f"{PROTOCOL_VERSION}",
        description="Station ⇄ county hub sync protocol; see docs/sync-protocol.md.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )

    async def _signed_body(request: Request) -> bytes:
        """The body of a request whose signature headers name a known station."""
        # Checked before reading, so only a provisioned station may make the hub wait
        # for a body; the signature over the body is verified once it has arrived.
        await run_in_threadpool(check_headers, request.headers, _secrets_of(request))
        return await _read_body(request, body_timeout)

    def _secrets_of(request: Request) -> Callable[[str], str | None]:
        # The headers and then the signature need the station's secret: one lookup per
        # request, not two (a station disabled while its body arrives is refused next time).
        memo: dict[str, str | None] = {}

        def secret_of(station_id: str) -> str | None:
            if station_id not in memo:
                memo[station_id] = store.secret_of(station_id)
            return memo[station_id]

        request.state.secret_of = secret_of
        return secret_of

    def authenticate(request: SignedRequest, raw: Request) -> str:
        now_s = int(clock())
        try:
            return verify(
                request,
                getattr(raw.state, "secret_of", store.secret_of),
                lambda station, nonce: store.remember_nonce(station, nonce, now_s),
                now_s,
            )
        except HubRefusal as refusal:
            # The station id is not secret; the signature and the secret never get logged.
            log.warning(
                "refused %s %s from station %r: %s",
                request.method,
                request.path.split("?")[0],
                request.headers.get("x-station-id", "")[:40],
                refusal.code,
            )
            raise

    @app.exception_handler(HubRefusal)
    async def refused(_: Request, refusal: HubRefusal) -> JSONResponse:
        return _error(refusal.status, refusal.code, refusal.message, close=refusal.close)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(400, "malformed", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = codes.get(error.status_code, "malformed" if error.status_code < 500 else "internal")
        return _error(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def crashed(_: Request, error: Exception) -> JSONResponse:
        log.error("internal error: %s", type(error).__name__, exc_info=error)
        return _error(500, "internal", "internal error; the hub's log has the details")

    @app.get("/v1/ping", response_model=Ping, summary="Liveness, unsigned")
    def ping() -> Ping:
        return Ping(time=iso_now(clock()), version=PROTOCOL_VERSION)

    @app.post(
        "/v1/events",
        response_model=UploadResults,
        responses=REFUSALS,
        summary="Upload outbox events (gzip JSON)",
        description=UPLOAD_DESCRIPTION,
        openapi_extra={
            "security": SIGNED,
            "requestBody": {
                "required": True,
                "description": "gzip-compressed UTF-8 JSON (Content-Encoding: gzip)",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/UploadBatch"}}
                },
            },
        },
    )
    async def upload(request: Request) -> Response:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> Response:
            station_id = authenticate(signed, request)
            if request.headers.get("content-encoding", "").strip().lower() != "gzip":
                raise malformed("the upload body must be gzip (Content-Encoding: gzip)")
            events, status, plain = read_upload(gunzip(body), station_id)
            results = store_batch(store, station_id, events, iso_now(clock()), status, plain=plain)
            tally = {
                s: sum(r.status == s for r in results)
                for s in ("accepted", "duplicate", "rejected")
            }
            log.info("station %s uploaded %d events: %s", station_id, len(results), tally)
            # Written by pydantic's own serializer: FastAPI would validate the 200 results
            # against the response model again first (the model stays the documented shape).
            return Response(
                UploadResults(results=results).model_dump_json(), media_type="application/json"
            )

        # Hashing, gunzip and the database are blocking: keep them off the event loop.
        return await run_in_threadpool(work)

    @app.get(
        "/v1/changes",
        response_model=ChangesPage,
        responses=REFUSALS,
        summary="Page through this station's change feed",
        openapi_extra={"security": SIGNED, "parameters": PAGING},
    )
    async def changes(request: Request) -> Response:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> Response:
            # Signature first: an unsigned request is 401 whatever its query says.
            station_id = authenticate(signed, request)
            after = _query_int(request, "after", 0, 0, MAX_SEQ)
            limit = _query_int(request, "limit", DEFAULT_PAGE_LIMIT, MIN_PAGE_LIMIT, MAX_PAGE_LIMIT)
            page = page_json(store.database, station_id, after, limit)
            if not page.has_more:
                # Stations upload first, then read the feed to its end: a sync finished.
                store.note_synced(station_id, iso_now(clock()))
            # The body is built from the stored JSON text (change_feed.page_json); the
            # response model above stays the documented shape of that body.
            return Response(page.body, media_type="application/json")

        return await run_in_threadpool(work)

    @app.get(
        "/v1/anchor",
        response_model=AnchorAnswer,
        responses=REFUSALS,
        summary="The audit-chain head the hub last confirmed for one terminal",
        openapi_extra={
            "security": SIGNED,
            "parameters": [
                {
                    "name": "terminal",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,8}$"},
                    "description": "the counter PC's terminal id",
                }
            ],
        },
    )
    async def anchor_of(request: Request) -> AnchorAnswer:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> AnchorAnswer:
            station_id = authenticate(signed, request)
            terminal_id = request.query_params.get("terminal", "")
            if not TERMINAL_ID.fullmatch(terminal_id):
                raise malformed("query.terminal: 1-8 letters, digits or '-'")
            return anchor_answer(terminal_id, store.anchor_head(station_id, terminal_id))

        return await run_in_threadpool(work)

    @app.post(
        "/v1/anchor",
        response_model=AnchorAnswer,
        responses={**REFUSALS, 409: {"model": ErrorBody, "description": "anchor_refused"}},
        summary="Have the audit chain's new head confirmed (forward only)",
        openapi_extra={
            "security": SIGNED,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": anchor_request_schema()}},
            },
        },
    )
    async def anchor(request: Request) -> AnchorAnswer:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> AnchorAnswer:
            station_id = authenticate(signed, request)
            if len(body) > MAX_ANCHOR_BODY_BYTES:
                raise too_large(f"an anchor body is at most {MAX_ANCHOR_BODY_BYTES} bytes")
            wanted = parse_anchor_request(body, station_id)
            try:
                head = confirm_anchor(store, station_id, wanted, iso_now(clock()))
            except HubRefusal as refusal:
                log.warning(
                    "station %s terminal %s: anchor at seq %d refused: %s",
                    station_id,
                    wanted.terminal_id,
                    wanted.seq,
                    refusal.message,
                )
                raise
            return anchor_answer(wanted.terminal_id, head)

        return await run_in_threadpool(work)

    @app.get(
        "/v1/events/mine",
        response_model=MyEventsPage,
        responses=REFUSALS,
        summary="Page through the events this station sent, in its seq order (recovery)",
        openapi_extra={
            "security": SIGNED,
            "parameters": [
                {**PAGING[0], "description": "last seq received, 0 at first"},
                PAGING[1],
            ],
        },
    )
    async def my_events(request: Request) -> MyEventsPage:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> MyEventsPage:
            station_id = authenticate(signed, request)
            after = _query_int(request, "after", 0, 0, MAX_SEQ)
            limit = _query_int(request, "limit", DEFAULT_PAGE_LIMIT, MIN_PAGE_LIMIT, MAX_PAGE_LIMIT)
            return my_events_page(store, station_id, after, limit)

        return await run_in_threadpool(work)

    @app.post(
        "/v1/recovery",
        response_model=RecoveryOut,
        responses=REFUSALS,
        summary="Record that this station rebuilt a terminal from its events (one new chain)",
        openapi_extra={
            "security": SIGNED,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["station_id", "terminal_id"],
                            "properties": {
                                "station_id": {"type": "string"},
                                "terminal_id": {
                                    "type": "string",
                                    "pattern": "^[A-Za-z0-9-]{1,8}$",
                                },
                            },
                        }
                    }
                },
            },
        },
    )
    async def recovery(request: Request) -> RecoveryOut:
        body = await _signed_body(request)
        signed = _signed(request, body)

        def work() -> RecoveryOut:
            station_id = authenticate(signed, request)
            if len(body) > MAX_RECOVERY_BODY_BYTES:
                raise too_large(f"a recovery body is at most {MAX_RECOVERY_BODY_BYTES} bytes")
            terminal_id = parse_recovery_request(body, station_id)
            recorded = record_recovery(store, station_id, terminal_id, iso_now(clock()))
            log.warning(
                "station %s terminal %s recovered from %d events (up to seq %d): "
                "one new audit chain start allowed",
                station_id,
                terminal_id,
                recorded.events,
                recorded.up_to_seq,
            )
            return recorded

        return await run_in_threadpool(work)

    # The county console's pages (session cookies); the /v1 routes above never read one.
    install_console(app, store, clock)
    # The update repository (signed metadata and archives), static, from $COUNTY_HUB_UPDATES_DIR.
    mount_update_repository(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            components = schema.setdefault("components", {})
            components["securitySchemes"] = SECURITY_SCHEMES
            # The upload body is read by hand (it is gzip), so FastAPI cannot see its
            # model: add it and its nested models to the components.
            batch = UploadBatch.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas = components.setdefault("schemas", {})
            schemas.update(batch.pop("$defs", {}))
            schemas["UploadBatch"] = jsonable_encoder(batch)
            _describe_kinds(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _describe_kinds(schema: dict[str, Any]) -> None:
    """Name the protocol's kinds, `data` shapes and limits in the OpenAPI document."""
    schemas = schema["components"]["schemas"]
    # What the hub accepts as `kind`; any other kind is rejected per event, not with 400.
    schemas["UploadEvent"]["properties"]["kind"].update(enum=list(EVENT_KINDS), maxLength=MAX_KIND)
    # What a version-1 hub sends; a station skips a kind it does not know.
    schemas["ChangeOut"]["properties"]["kind"]["enum"] = list(CHANGE_KINDS)
    for kind in CHANGE_KINDS:
        schemas[f"ChangeData.{kind}"] = data_schema(kind)
    # anyOf, not oneOf: the shapes overlap (a retire may carry just a `plu`).
    schemas["ChangeOut"]["properties"]["data"]["anyOf"] = [
        {"$ref": f"#/components/schemas/ChangeData.{kind}"} for kind in CHANGE_KINDS
    ]
    # Every numeric limit of the protocol, by its name in village_protocol.
    schema["info"]["x-limits"] = protocol_limits()


def configure_logging() -> None:
    """Hub log lines (uploads, refusals) on stderr next to uvicorn's, at INFO."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")


def app_from_env() -> FastAPI:
    """App factory for `uvicorn --factory` (several workers): the database from $COUNTY_HUB_DB."""
    # Worker processes start afresh: they need their own logging set-up.
    configure_logging()
    return create_app(open_store(default_db_url()))
