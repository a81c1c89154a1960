"""The wire contract shared by the station and the county hub (protocol version 1).

Standard library only, and no import of `station_app` or `county_hub`: both sides import
this package, never each other. It holds what both must agree on:

- `events`: the outbox event kinds and what their payloads must mean;
- `changes`: the change-feed kinds and the shape of their `data`;
- `carriers`: parcel carriers and telling one from a tracking number;
- `catalog`: the catalog row format (columns, Chinese headers, yes/no words);
- `money`: fen, the money and weight bounds, yuan formatting and parsing;
- `limits`: batches, bodies, pages, envelopes and clocks.
- `upload_status`: the optional `status` a station sends with each upload batch.

`docs/sync-protocol.md` describes the same; tests/village_protocol/test_docs.py holds the
two equal.
"""

from __future__ import annotations

from types import ModuleType

# Numbers that are units, not limits of the protocol.
_UNITS = frozenset({"FEN_PER_YUAN"})


def protocol_limits() -> dict[str, int | float]:
    """Every numeric limit of the package, as `module.NAME` -> value."""
    from village_protocol import carriers, catalog, changes, events, limits, money

    # Defining modules before the ones importing from them, so a name counts once, where
    # it is defined.
    modules: tuple[ModuleType, ...] = (limits, money, carriers, catalog, events, changes)
    found: dict[str, int | float] = {}
    seen: set[str] = set(_UNITS)
    for module in modules:
        for name, value in vars(module).items():
            if (
                name.isupper()
                and name not in seen
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                seen.add(name)
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = value
    return found
