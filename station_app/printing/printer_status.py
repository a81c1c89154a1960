"""What a printer says about itself: the DLE EOT status requests and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from station_app.printing.errors import PrinterNotReady

DLE_EOT = b"\x10\x04"
ASK_PRINTER = DLE_EOT + b"\x01"
ASK_OFFLINE_CAUSE = DLE_EOT + b"\x02"
ASK_PAPER = DLE_EOT + b"\x04"


class Asks(Protocol):
    """A link that can put a status request to the printer."""

    def ask(self, request: bytes) -> int | None:
        """Send a status request and return the one-byte answer, None when there is none."""


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None where it could not tell."""

    online: bool | None = None
    paper_low: bool = False

    def text(self, language: str = "zh_CN") -> str:
        """`在线`, `在线，纸快用完了`, or `状态未知` (and English)."""
        english = language.startswith("en")
        if self.online is None:
            return "status unknown" if english else "状态未知"
        if self.paper_low:
            return "online, paper running low" if english else "在线，纸快用完了"
        return "online" if english else "在线"


def read_status(link: Asks) -> PrinterStatus:
    """Ask the printer how it is (DLE EOT 1, 4, and 2 when offline).

    Raises:
        PrinterNotReady: out of paper, cover open, or offline.
        PrinterError: the link failed while asking.
    """
    answer = link.ask(ASK_PRINTER)
    # Bits 1 and 4 are always set and bits 0 and 7 always clear in a real answer; a
    # device that says something else is not speaking ESC/POS status.
    if answer is None or answer & 0x93 != 0x12:
        return PrinterStatus()
    paper = link.ask(ASK_PAPER)
    if paper is not None and paper & 0x60:
        raise PrinterNotReady("打印机缺纸：请装纸后重试", "The printer is out of paper")
    if answer & 0x08:
        cause = link.ask(ASK_OFFLINE_CAUSE) or 0
        if cause & 0x04:
            raise PrinterNotReady("打印机盖没有合上", "The printer cover is open")
        if cause & 0x20:
            raise PrinterNotReady("打印机缺纸：请装纸后重试", "The printer is out of paper")
        raise PrinterNotReady(
            "打印机处于离线或故障状态：请检查打印机指示灯",
            "The printer is offline or reports an error",
        )
    return PrinterStatus(online=True, paper_low=paper is not None and bool(paper & 0x0C))
