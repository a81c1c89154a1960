"""County operators' passwords: argon2id hashes (argon2-cffi), and what a password must be."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD = 10
MAX_PASSWORD = 128
# argon2-cffi's defaults (RFC 9106 low-memory profile): about 50 ms on a county PC.
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verified when the name is unknown, so a wrong name takes as long as a wrong password.
    return _HASHER.hash("not a password of anyone")


class PasswordRefused(ValueError):
    """A new password that does not meet the rules; the message says which."""


def check_new_password(name: str, password: str) -> None:
    """Refuse a password that is too short or long, or is the user's name.

    Raises:
        PasswordRefused: with the rule it breaks.
    """
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise PasswordRefused(f"the password must be {MIN_PASSWORD}-{MAX_PASSWORD} characters")
    if password.strip().lower() == name.lower() or len(set(password)) < 4:
        raise PasswordRefused("the password must not be the user's name or one repeated letter")


def hash_password(password: str) -> str:
    """An argon2id hash with its salt and parameters, for storing."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; None (unknown user) still spends the same time."""
    try:
        return (
            _HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(password_hash)
