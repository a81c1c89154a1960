"""Errors the keeper can act on, worded in Chinese (default) and English.

Core cannot use Qt's translator, so each error carries both wordings; the UI
picks the one matching the language setting, the CLI prints the Chinese one
followed by the English one.

Each refusal also carries its structure, so no caller ever reads the wording:
`code`, a stable name of what was refused (e.g. "tare_not_below_gross"), and
`field`, the input at fault by the parameter name of the core function that
refused it (e.g. "recipient_phone"). A screen maps `field` to its own input to
put the cursor there; tests and the CLI may rely on `code` whatever the words.
"""

from __future__ import annotations

from typing import ClassVar


class StationError(Exception):
    """Base for refusals the user should read: bad input, missing rights, missing data.

    `code` falls back to the class's `default_code` when the raiser names none; `field`
    is None when no single input is to blame.
    """

    default_code: ClassVar[str] = "refused"

    def __init__(
        self, zh: str, en: str, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.code = code or self.default_code
        self.field = field

    def text(self, language: str = "zh_CN") -> str:
        """The message in `language` ("zh_CN" or "en")."""
        return self.en if language.startswith("en") else self.zh

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


class InputRefused(StationError):
    """The input is malformed, out of range or too long; nothing was written."""

    default_code = "input_refused"

    def __init__(
        self, zh: str, en: str, field: str | None = None, *, code: str | None = None
    ) -> None:
        super().__init__(zh, en, code=code, field=field)

    def concerning(self, field: str, code: str | None = None) -> InputRefused:
        """This refusal, naming `field` (and `code`): a shared check raised it for one input."""
        self.field = field
        if code is not None:
            self.code = code
        return self


class NotFound(StationError):
    """A barcode, receipt or operator that does not exist."""

    default_code = "not_found"


class PermissionRequired(StationError):
    """The action needs the owner (店主); ask for the owner's PIN."""

    default_code = "owner_required"


class PaymentIncomplete(StationError):
    """The payments do not cover the total."""

    default_code = "payment_incomplete"
