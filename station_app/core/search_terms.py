"""Terms that make a product findable by name, full pinyin and pinyin initials."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


@cache
def _pypinyin() -> Callable[..., list[str]]:
    # pypinyin loads its phrase dictionary on import (~150 ms); only catalog writes
    # need it, so the counter window opens without paying for it.
    from pypinyin import lazy_pinyin as convert

    return convert


def lazy_pinyin(text: str, **options: object) -> list[str]:
    """Pypinyin's syllables of `text`, importing pypinyin on first use."""
    return _pypinyin()(text, **options)


_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[0-9A-Za-z]+|[\u3400-\u9fff]")


def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin (`kekoukele`) and initials (`kkkl`) of a product name, lower case."""
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    full = "".join(re.sub(r"[^0-9a-z]", "", s) for s in syllables)
    initials_parts: list[str] = []
    for token in _WORD.findall(name):
        if _HAN.match(token):
            initials_parts.append(lazy_pinyin(token)[0][:1].lower())
        else:
            initials_parts.append(token[:1].lower())
    return full, "".join(initials_parts)


def _suffixes(word: str, *, boundaries: list[int] | None = None) -> list[str]:
    starts = boundaries if boundaries is not None else list(range(len(word)))
    return [word[i:] for i in starts if word[i:]]


def search_terms(name: str) -> str:
    """Space-separated index terms: suffixes of the name, its initials and its pinyin.

    An FTS5 prefix query on a suffix is a substring match, so `可乐`, `kl` and `kele`
    all find 可口可乐 through the index, without scanning the catalog.
    """
    compact = re.sub(r"\s+", "", name.lower())
    syllables = [re.sub(r"[^0-9a-z]", "", s.lower()) for s in lazy_pinyin(name, errors="ignore")]
    syllables = [s for s in syllables if s]
    full = "".join(syllables)
    boundaries, position = [], 0
    for syllable in syllables:
        boundaries.append(position)
        position += len(syllable)
    _, initials = pinyin_of(name)
    terms = _suffixes(compact) + _suffixes(initials) + _suffixes(full, boundaries=boundaries)
    # unicode61 splits on punctuation; keep only characters it treats as one token.
    cleaned = {re.sub(r"[^0-9a-z\u3400-\u9fff]", "", t) for t in terms}
    return " ".join(sorted(t for t in cleaned if t))


def normalise_query(text: str) -> str:
    """Lower-case, drop spaces and punctuation a keeper might type."""
    return re.sub(r"[^0-9a-z\u3400-\u9fff]", "", text.lower())
