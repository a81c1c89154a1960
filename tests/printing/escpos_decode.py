"""Reading ESC/POS bytes back, as a printer would: commands apart, text decoded as GB18030.

Only the commands our renderer and python-escpos send are known; anything else
fails the test loudly instead of being skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.printing.text_width import display_width


@dataclass
class PaperLine:
    """One printed line: its text segments with their double-size state."""

    segments: list[tuple[str, bool]] = field(default_factory=list)
    bold: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)

    @property
    def columns(self) -> int:
        """Columns taken on paper, double-size text counting twice."""
        return sum(display_width(text) * (2 if double else 1) for text, double in self.segments)

    @property
    def double(self) -> bool:
        return any(double for text, double in self.segments if text.strip())


@dataclass
class Paper:
    """What the bytes print: lines, and graphics/cuts/drawer pulses in order."""

    lines: list[PaperLine] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    chinese_mode: list[int] = field(default_factory=list)  # byte offsets of FS &
    images: list[tuple[int, int]] = field(default_factory=list)  # (width dots, height dots)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def decode(data: bytes) -> Paper:
    """Split `data` into printed lines and events.

    Raises:
        AssertionError: an unknown command, or text bytes that are not valid GB18030.
    """
    paper = Paper()
    line = PaperLine()
    raw = bytearray()
    double = bold = False
    i = 0

    def flush_segment() -> None:
        if raw:
            line.segments.append((bytes(raw).decode("gb18030"), double))
            raw.clear()

    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            flush_segment()
            line.bold = line.bold or bold
            paper.lines.append(line)
            line = PaperLine()
            i += 1
        elif byte == 0x1B:
            command = data[i + 1 : i + 2]
            if command in (b"@", b"2"):
                i += 2
            elif command == b"p":
                paper.events.append("drawer")
                i += 5
            elif command in (b"3", b"a", b"t", b"d", b"E"):
                if command == b"E":
                    flush_segment()
                    bold = bool(data[i + 2])
                    line.bold = line.bold or bold
                i += 3
            else:
                raise AssertionError(f"unknown ESC {command!r} at {i}")
        elif byte == 0x1C:
            command = data[i + 1 : i + 2]
            if command == b"&":
                paper.chinese_mode.append(i)
                i += 2
            elif command == b".":
                i += 2
            elif command == b"!":
                i += 3
            else:
                raise AssertionError(f"unknown FS {command!r} at {i}")
        elif byte == 0x1D:
            command = data[i + 1 : i + 2]
            if command == b"!":
                flush_segment()
                double = data[i + 2] == 0x11
                i += 3
            elif command == b"V":
                paper.events.append("cut")
                i += 4 if data[i + 2] in (65, 66) else 3
            elif command == b"v":
                width_bytes = data[i + 4] + 256 * data[i + 5]
                height = data[i + 6] + 256 * data[i + 7]
                paper.images.append((width_bytes * 8, height))
                paper.events.append("image")
                i += 8 + width_bytes * height
            else:
                raise AssertionError(f"unknown GS {command!r} at {i}")
        elif byte == 0x10:
            raise AssertionError(f"a status request in print data at {i}")
        elif byte < 0x20:
            raise AssertionError(f"control byte {byte:#04x} in text at {i}")
        else:
            raw.append(byte)
            i += 1
    flush_segment()
    if line.segments:
        paper.lines.append(line)
    return paper
