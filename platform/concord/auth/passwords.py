"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Longest password (or client secret) accepted anywhere: far beyond any passphrase, and small enough that
# hashing it costs nothing. Checked before hashing (account creation, reset, login); the two functions below
# refuse longer input themselves too, so no path can hash a megabyte.
PASSWORD_MAX = 256
# Verified against when the username is unknown, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("concord-timing-equaliser")


def hash_password(password: str) -> str:
    if len(password) > PASSWORD_MAX:
        raise ValueError(f"password longer than {PASSWORD_MAX} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if len(password) > PASSWORD_MAX:
        return False  # never stored (creation and reset refuse it), so never right
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
