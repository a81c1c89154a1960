"""The hub benchmarks' own PostgreSQL databases: made fresh for a run, dropped after."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg


def database_url(server: str, name: str) -> str:
    """The URL of database `name` on the server that `server` points at."""
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def fresh_database(server: str, name: str) -> str:
    """Drop and create database `name` (a bench's own, never the hub's); its URL."""
    with psycopg.connect(server, autocommit=True) as conn:
        # FORCE: a hub a crashed run left behind may still hold connections to it.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(server, name)


def drop_database(server: str, name: str) -> None:
    """Remove the bench database (the smoke tests do; a full run keeps it for a look)."""
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
