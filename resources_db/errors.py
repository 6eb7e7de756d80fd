"""Errors shared across the catalogue's modules, in a module that imports nothing.

Kept apart so that low-level modules (tags, packs) can raise them without
importing ``user_data``, which would close an import cycle through the models.
"""

from __future__ import annotations


class UserDataError(ValueError):
    """A request about the user's data that cannot be carried out."""


class PackError(ValueError):
    """The pack is refused; the message is one plain sentence for the user."""
