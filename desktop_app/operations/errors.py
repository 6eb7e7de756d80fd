"""Errors an operation raises: one plain sentence each, with the kind of failure.

The command line maps the kind to its exit status; the window shows the sentence.
"""

from __future__ import annotations


class OperationError(Exception):
    """An operation refused its input; ``str(error)`` is one sentence for the user."""


class UsageError(OperationError):
    """The request itself was wrong (a name or option that does not exist): exit 2."""


class NotFoundError(UsageError):
    """The resource, collection or file asked for does not exist: exit 2."""


class RejectedError(OperationError):
    """Input was read and refused, and nothing changed: exit 3."""


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."
