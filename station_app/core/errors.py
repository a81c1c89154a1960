"""Errors the keeper can act on, worded in Chinese (default) and English.

Core cannot use Qt's translator, so each error carries both wordings; the UI
picks the one matching the language setting, the CLI prints the Chinese one
followed by the English one.
"""

from __future__ import annotations


class StationError(Exception):
    """Base for refusals the user should read: bad input, missing rights, missing data."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en

    def text(self, language: str = "zh_CN") -> str:
        """The message in `language` ("zh_CN" or "en")."""
        return self.en if language.startswith("en") else self.zh

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


class InputRefused(StationError):
    """The input is malformed, out of range or too long; nothing was written.

    `field` names the input at fault by the parameter name of the core function that
    refused it (e.g. "recipient_phone"), so a form can put the cursor there without
    reading the message; None when no single input is to blame.
    """

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(zh, en)
        self.field = field

    def concerning(self, field: str) -> InputRefused:
        """This refusal, naming `field` (a shared check raised it for one of several inputs)."""
        self.field = field
        return self


class NotFound(StationError):
    """A barcode, receipt or operator that does not exist."""


class PermissionRequired(StationError):
    """The action needs the owner (店主); ask for the owner's PIN."""


class PaymentIncomplete(StationError):
    """The payments do not cover the total."""
