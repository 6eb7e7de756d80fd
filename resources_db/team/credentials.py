"""Passwords from the OS keyring, where there is one.

Never a file of ours: libpq reads its own sources (PGPASSWORD, ~/.pgpass,
a service file) without our help, and the keyring is the only place the app
itself stores a password. Headless Linux has no keyring backend: every call
here then quietly does nothing.
"""

from __future__ import annotations

import logging
from types import ModuleType

from resources_db.team.urls import TeamUrl

SERVICE = "imh-library team"
log = logging.getLogger(__name__)


def _keyring() -> ModuleType | None:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - a build without keyring
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration is no keyring
        return None
    if isinstance(backend, fail.Keyring) or backend.priority <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def keyring_password(url: TeamUrl) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        found = module.get_password(SERVICE, url.address)
    except Exception as error:  # a locked or absent keyring: libpq's sources remain
        log.info("The keyring could not be read: %s", error)
        return None
    return str(found) if found else None


def store_password(url: TeamUrl, password: str) -> bool:
    """Keep ``password`` in the OS keyring; False when there is none."""
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(SERVICE, url.address, password)
    except Exception as error:
        log.info("The keyring could not store the password: %s", error)
        return False
    return True


def forget_password(url: TeamUrl) -> None:
    module = _keyring()
    if module is None:
        return
    try:
        module.delete_password(SERVICE, url.address)
    except Exception:  # nothing stored, or no keyring: nothing to forget
        return
