"""Text measured in printer columns, where a Chinese character takes two.

A Chinese thermal printer fed GB18030 prints every double-byte character in its
full-width font, so besides wide and full-width characters the East Asian
"ambiguous" ones (× · — … °, all double-byte in GB18030) also count two columns.
Counting them as one would make a row padded to the full width print one column
too long, and the printer would wrap its last character onto a new line.
"""

from __future__ import annotations

import unicodedata

_TWO_COLUMNS = frozenset({"W", "F", "A"})


def char_width(char: str) -> int:
    """Columns one character takes on paper: 0 for combining marks, 2 for CJK, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) == "Me":
        return 0
    return 2 if unicodedata.east_asian_width(char) in _TWO_COLUMNS else 1


def display_width(text: str) -> int:
    """Columns `text` takes on paper."""
    return sum(char_width(char) for char in text)


def truncate_to_width(text: str, columns: int, *, ellipsis: str = "") -> str:
    """Cut `text` to at most `columns` columns, ending with `ellipsis` when something was cut."""
    if display_width(text) <= columns:
        return text
    room = columns - display_width(ellipsis)
    if room < 0:
        return ""
    kept: list[str] = []
    used = 0
    for char in text:
        used += char_width(char)
        if used > room:
            break
        kept.append(char)
    return "".join(kept) + ellipsis


def wrap_to_width(text: str, columns: int) -> list[str]:
    """Wrap `text` into lines of at most `columns` columns.

    Lines break between Chinese characters, at spaces in Latin text (the spaces at
    a break are dropped), and inside a word only when the word alone is too wide.
    Newlines start new lines; leading spaces are kept as an indent.

    Raises:
        ValueError: `columns` is below 2, too narrow for a Chinese character.
    """
    if columns < 2:
        raise ValueError(f"cannot wrap to {columns} columns")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, columns))
    return lines


def pad_row(left: str, right: str, columns: int) -> list[str]:
    """Lay out `left` and `right` as a row with `right` flush against the last column.

    `left` wraps; `right` shares its last line when at least one space still fits
    between them, otherwise it takes a line of its own.
    """
    lines = wrap_to_width(left, columns) if left.strip(" ") else []
    if not right:
        return lines or [""]
    right_lines = wrap_to_width(right, columns)
    if lines and len(right_lines) == 1:
        gap = columns - display_width(lines[-1]) - display_width(right_lines[0])
        if gap >= 1:
            lines[-1] += " " * gap + right_lines[0]
            return lines
    return lines + [" " * (columns - display_width(part)) + part for part in right_lines]


# Characters a line should not end on or start with (kinsoku): breaking there
# would strand "（" or "￥" from what follows, or "，" and ")" from what precedes.
_NO_BREAK_AFTER = frozenset("([{“‘（［【《〈「『￥¥$/")
_NO_BREAK_BEFORE = frozenset(")]}”’）］】》〉」』，。、；：！？,.;:!?%…/")


def _breakable(before: str, after: str) -> bool:
    if before == " " or after == " ":
        return (before == " ") != (after == " ")
    if char_width(before) != 2 and char_width(after) != 2:
        return False  # inside a Latin word or number
    return before not in _NO_BREAK_AFTER and after not in _NO_BREAK_BEFORE


def _tokens(text: str) -> list[str]:
    """Split into pieces kept whole unless too wide: space runs, words, CJK characters."""
    tokens: list[str] = []
    base = ""
    for char in text:
        # A combining mark stays with the character it modifies.
        if tokens and (char_width(char) == 0 or not base or not _breakable(base, char)):
            tokens[-1] += char
        else:
            tokens.append(char)
        if char_width(char):
            base = char
    return tokens


def _wrap_paragraph(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0
    for token in _tokens(text):
        width = display_width(token)
        if used + width <= columns:
            line, used = line + token, used + width
        elif not token.strip(" "):
            lines.append(line.rstrip(" "))
            line, used = "", 0
        elif width <= columns:
            if line.strip(" "):
                lines.append(line.rstrip(" "))
            # else: an indent too wide to keep the word beside it is dropped
            line, used = token, width
        else:
            for char in token:
                if used + char_width(char) > columns:
                    lines.append(line.rstrip(" "))
                    line, used = "", 0
                line, used = line + char, used + char_width(char)
    if line.strip(" ") or not lines:
        lines.append(line.rstrip(" "))
    return lines
