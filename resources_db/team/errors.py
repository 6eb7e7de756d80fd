"""What can go wrong with a team library, one plain sentence each."""

from __future__ import annotations

from resources_db.errors import PackError


class TeamError(Exception):
    """A team operation failed; ``str(error)`` is one sentence for the user."""


class TeamOfflineError(TeamError):
    """The server could not be reached (or the connection dropped): nothing changed locally."""


class TeamLoginError(TeamOfflineError):
    """The server answered but refused the login (no password, a wrong one)."""


class TeamRevokedError(TeamError):
    """The login is no longer a curator or member of this team library."""


class TeamSchemaError(TeamError):
    """The server's schema and this app do not fit (an old app, or an old server)."""


class TeamUsageError(TeamError):
    """The request itself is wrong (not joined, a bad URL, an unknown login)."""


class TeamRefusedError(PackError):
    """Someone tried to change team data they may not change; refused before any write.

    A ``PackError`` so that an import a member runs over team resources is
    rejected like any other refused source (nothing written, exit 3)."""
