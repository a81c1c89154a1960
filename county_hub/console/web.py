"""The console's web plumbing: the one access check every page uses, forms, rendering.

`Gate(context, permission)` is the dependency of every console route except the login
page and the style sheet: it finds the signed-in operator, checks the CSRF token of a
POST and the operator's role, and otherwise raises what `install_handlers` turns into
a redirect to /login or a 403 page. tests/county_hub/console/test_web.py checks
that no route goes without it.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException, MultiPartParser

from county_hub.console.access import (
    CSRF_FIELD,
    SESSION_COOKIE,
    ConsoleSettings,
    Operator,
    signed_in,
)
from county_hub.console.roles import ROLE_NAMES_ZH, Permission, Role
from county_hub.console.times import shown
from county_hub.storage import HubStore
from village_protocol.money import format_fen

MAX_FORM_BYTES = 64 * 1024
# A form with a file (a catalog is at most 20 MB: county_hub/catalog.py), with room for
# the other fields and the multipart framing.
MAX_UPLOAD_BYTES = 21 * 1024 * 1024
# Console pages never end up in a cache, a frame or another site's referrer.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


@dataclass
class ConsoleContext:
    """What every console page needs: the store, the clock, settings, templates."""

    store: HubStore
    clock: Callable[[], float] = time.time
    settings: ConsoleSettings = field(default_factory=ConsoleSettings)
    templates: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.templates = Environment(
            loader=PackageLoader("county_hub.console", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters.update(fen=format_fen, time=shown, kg=_kg)
        self.templates.globals.update(Permission=Permission, role_zh=_role_zh)


def _kg(grams: Any) -> str:
    return f"{int(grams or 0) / 1000:,.3f} kg"


def _role_zh(role: str) -> str:
    try:
        return ROLE_NAMES_ZH[Role(role)]
    except ValueError:
        return role


class NotSignedIn(Exception):
    """No live session: the browser goes to /login, then back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Refused(Exception):
    """A request the console refuses with a page saying why (403 or 404)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def csrf_refused() -> Refused:
    """The refusal of a form sent without this session's CSRF token."""
    return Refused(
        403,
        "请求被拒绝（安全校验未通过）",
        "这个表单缺少有效的安全校验码（CSRF），可能来自别的网站或页面已过期。"
        "请回到县级平台的页面，刷新后重新操作。",
    )


def forbidden() -> Refused:
    """The refusal of a page or action the operator's role does not cover."""
    return Refused(403, "没有权限", "您的账户角色不能进行这个操作。如需要，请联系管理员。")


@dataclass(frozen=True)
class Upload:
    """A file sent with a form: the name the browser gave and its bytes."""

    filename: str
    data: bytes


async def _body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, "内容太大", f"提交的内容超过 {limit // 1024:,} KB。")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form (first value of each), at most 64 KiB.

    Raises:
        Refused: 413 for a larger body.
    """
    text = (await _body(request, MAX_FORM_BYTES)).decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


async def read_multipart(request: Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """The fields and files of a multipart form (first of each name), at most 21 MiB.

    Parsed by python-multipart (through Starlette's parser) from the bounded body.

    Raises:
        Refused: 413 for a larger body, 400 for a malformed one.
    """
    body = await _body(request, MAX_UPLOAD_BYTES)

    async def replay() -> AsyncGenerator[bytes, None]:
        yield body

    parser = MultiPartParser(
        request.headers, replay(), max_files=2, max_fields=20, max_part_size=MAX_FORM_BYTES
    )
    try:
        form = await parser.parse()
    except MultiPartException:
        raise Refused(
            400, "表单无法读取", "上传的表单格式不对，请回到页面重新选择文件上传。"
        ) from None
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    try:
        for name, value in form.multi_items():
            if isinstance(value, str):
                fields.setdefault(name, value)
            elif name not in files:
                files[name] = Upload(value.filename or "", await value.read())
    finally:
        await form.close()
    return fields, files


def secure(response: Response) -> Response:
    """`response` with the console's security headers."""
    response.headers.update(SECURITY_HEADERS)
    return response


def render(
    context: ConsoleContext,
    template: str,
    operator: Operator | None,
    status: int = 200,
    **values: Any,
) -> HTMLResponse:
    """A page from `templates/<template>` with the operator (for the navigation and forms)."""
    page = context.templates.get_template(template).render(
        operator=operator, csrf_token=operator.csrf_token if operator else "", **values
    )
    return secure(HTMLResponse(page, status_code=status))  # type: ignore[return-value]


def redirect(path: str) -> Response:
    """A 303 to `path` (after a POST the browser GETs it)."""
    return secure(RedirectResponse(path, status_code=303))


def safe_next(path: str | None) -> str:
    """`path` if it is a page of this site, else `/` (never another host)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


class Gate:
    """The dependency of every console route: the signed-in operator allowed `permission`.

    Raises:
        NotSignedIn: no live session.
        Refused: 403 for a POST without this session's CSRF token, or a role without
            `permission`.
    """

    def __init__(self, context: ConsoleContext, permission: Permission) -> None:
        self.context = context
        self.permission = permission

    async def __call__(self, request: Request) -> Operator:
        """Check the request; a POST's fields go to `request.state.form`, files to `.files`."""
        ctx = self.context
        operator = await run_in_threadpool(
            signed_in, ctx.store, ctx.settings, request.cookies.get(SESSION_COOKIE), ctx.clock()
        )
        if operator is None:
            query = f"?{request.url.query}" if request.url.query else ""
            raise NotSignedIn(request.url.path + query)
        if request.method == "POST":
            if request.headers.get("content-type", "").startswith("multipart/form-data"):
                form, files = await read_multipart(request)
            else:
                form, files = await read_form(request), {}
            sent = form.get(CSRF_FIELD, "")
            if not hmac.compare_digest(sent.encode(), operator.csrf_token.encode()):
                raise csrf_refused()
            request.state.form = form
            request.state.files = files
        if not operator.may(self.permission):
            raise forbidden()
        return operator


def install_handlers(app: FastAPI, context: ConsoleContext) -> None:
    """Turn the console's refusals into a redirect to /login or a page saying why."""

    @app.exception_handler(NotSignedIn)
    async def sign_in_first(_: Request, error: NotSignedIn) -> Response:
        target = "/login" if error.next_path == "/" else f"/login?next={quote(error.next_path)}"
        return redirect(target)

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        operator = await run_in_threadpool(
            signed_in,
            context.store,
            context.settings,
            request.cookies.get(SESSION_COOKIE),
            context.clock(),
        )
        return render(
            context,
            "refused.html",
            operator,
            status=error.status,
            title=error.title,
            message=error.message,
        )
