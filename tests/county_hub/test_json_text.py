"""The hub's JSON text: the fast parser and writer give the standard library's answers."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from county_hub.json_text import dump_json, load_plain, same_json

# What a station's payloads hold: texts (any code point but lone surrogates), integers
# within 64 bits, finite floats, true, false, null, lists and objects.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_SCALAR = (
    _TEXT
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.none()
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


def typed(value: Any) -> Any:
    """`value` with each scalar's type beside it: Python says 1 == 1.0 == True."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


@settings(max_examples=400, deadline=None)
@given(_VALUE, st.sampled_from([(",", ":"), (", ", ": ")]), st.booleans())
def test_a_plain_body_parses_as_the_standard_library_parses_it(
    value: Any, separators: tuple[str, str], ascii_only: bool
) -> None:
    text = json.dumps({"events": [value]}, ensure_ascii=ascii_only, separators=separators)
    raw = text.encode("utf-8")
    parsed = load_plain(raw)
    assert parsed is not None, text
    assert typed(parsed) == typed(json.loads(text))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, _VALUE, max_size=6))
def test_written_text_reads_back_as_the_same_data_and_equal_data_as_equal_text(
    value: dict[str, Any],
) -> None:
    text = dump_json(value)
    assert typed(json.loads(text)) == typed(value)
    assert dump_json(json.loads(text)) == text
    assert same_json(text, value)
    assert same_json(json.dumps(value), value)  # as an older hub or a test spelled it
    without_floats = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if not any(isinstance(leaf, float) for leaf in _leaves(value)):
        assert text == without_floats


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_what_the_fast_parser_would_get_wrong_is_left_to_the_careful_one():
    for refused in (b"NaN", b"[Infinity]", b"1e400", b'"\\ud800"', b"{", b"\xff"):
        assert load_plain(refused) is None, refused
    # Past 64 bits the fast parser gives a float; `read_upload` never sends it 19 digits.
    assert isinstance(load_plain(b"18446744073709551616"), float)


def test_writing_falls_back_where_the_fast_writer_cannot():
    value = {"big": 2**70, "text": "\ud800"}
    assert dump_json(value) == json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def test_stored_payloads_are_compared_by_their_data_with_types_told_apart():
    assert same_json('{"weight": 1e-07, "name": "米"}', {"name": "米", "weight": 1e-7})
    assert not same_json('{"n": 1}', {"n": 1.0})
    assert not same_json('{"n": 1}', {"n": True})
    assert not same_json('{"n": 1}', {"n": 2})
    assert not same_json("not json", {"n": 1})
    assert math.isclose(json.loads(dump_json({"w": 0.1}))["w"], 0.1)
