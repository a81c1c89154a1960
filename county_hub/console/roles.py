"""County operator roles and what each may do: the one table every console route checks.

admin: stations and users (and the county's daily work, so a county with one admin is
not stuck); clerk: the daily work (settle lots, parcels, catalog, notices); viewer:
reads every page, changes nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A county operator's role (stored by value)."""

    ADMIN = "admin"
    CLERK = "clerk"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What a console route needs."""

    VIEW = "view"
    MANAGE_STATIONS = "manage_stations"
    MANAGE_USERS = "manage_users"
    COUNTY_WORK = "county_work"  # settle lots, parcels, catalog, notices


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CLERK: frozenset({Permission.VIEW, Permission.COUNTY_WORK}),
    Role.VIEWER: frozenset({Permission.VIEW}),
}

ROLE_NAMES_ZH = {Role.ADMIN: "管理员", Role.CLERK: "业务员", Role.VIEWER: "只读"}


def may(role: str, permission: Permission) -> bool:
    """Whether an operator with `role` may do what `permission` covers (unknown role: no)."""
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False
