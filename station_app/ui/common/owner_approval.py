"""Asking for the owner's PIN (店主授权) before an action a clerk may not do alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from station_app.core.clock import Clock
from station_app.core.errors import PermissionRequired, StationError
from station_app.core.operators import Operator, owner_approval
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.nested_dialog import open_nested
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.signin.signin_screen import MAX_PIN_DIGITS


def request_owner_approval(
    parent: QWidget,
    db: Database,
    language: str,
    reason: str,
    action: Callable[[Operator], None],
    then: Callable[[], None] | None = None,
    clock: Clock | None = None,
) -> PromptDialog:
    """Open a PIN dialog over `parent`; with the owner's PIN run `action(owner)`, then `then()`.

    A wrong PIN, or a refusal raised by `action`, is shown in the dialog, which stays
    open for another try; Esc gives up and nothing is done. The PIN is masked as typed
    and never shown. Wrong PINs count in the sign-in streak: after too many the dialog
    says how long to wait (`clock` tells the time; tests pass their own).
    """
    dialog = PromptDialog(
        QCoreApplication.translate("OwnerApproval", "Owner approval"),
        QCoreApplication.translate("OwnerApproval", "{0}\nOwner, enter your PIN:").format(reason),
        parent,
        pattern=f"[0-9]{{0,{MAX_PIN_DIGITS}}}",
        max_length=MAX_PIN_DIGITS,
        secret=True,
    )
    dialog.setObjectName("ownerPinDialog")

    def submitted(pin: str) -> None:
        try:
            owner = owner_approval(db, pin, clock)
        except StationError as error:
            dialog.show_error(error.text(language), clear=True)
            return
        try:
            action(owner)
        except StationError as error:
            dialog.show_error(error.text(language), clear=True)
            return
        dialog.accept()
        if then is not None:
            then()

    dialog.submitted.connect(submitted)
    # Esc must give the keys back to the dialog underneath, window manager or not.
    return open_nested(dialog)


def run_with_owner_approval(
    parent: QWidget,
    db: Database,
    language: str,
    action: Callable[[Operator | None], None],
    done: Callable[[], None],
    refused: Callable[[StationError], None],
) -> PromptDialog | None:
    """Try `action(None)`; if it needs the owner, ask the owner's PIN over `parent` and retry.

    Success (now or after the PIN) runs `done()`. Any other refusal of the first try goes
    to `refused(error)` and nothing more happens; refusals after the PIN stay in the PIN
    dialog, as `request_owner_approval` shows them. Returns the PIN dialog when one opened.
    """
    try:
        action(None)
    except PermissionRequired as needed:
        return request_owner_approval(parent, db, language, needed.text(language), action, done)
    except StationError as error:
        refused(error)
        return None
    done()
    return None
