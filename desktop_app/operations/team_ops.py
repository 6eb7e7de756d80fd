"""The team library from the laptop: join, sync, leave, share lists; and the administrator's set-up.

Team failures become the operation errors every front end knows, plus
``OfflineError`` (exit 5 on the command line): the server could not be
reached, and nothing changed here. A change to team data that this person
may not make is refused before anything is written, from any operation
(``RejectedError``, exit 3): see ``resources_db.team.tracking``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import Changes
from desktop_app.operations.errors import OperationError, RejectedError, UsageError
from resources_db.team.errors import (
    TeamError,
    TeamOfflineError,
    TeamRefusedError,
    TeamUsageError,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from resources_db.team.admin import CreateOutcome
    from resources_db.team.sync import ConflictInfo, SyncReport, TeamStatus

# The team's code (sync, the server's schema, the keyring) is imported by the
# operation that uses it: a library that is not in a team never loads it.


class OfflineError(OperationError):
    """The team server could not be reached (or refused the login); nothing changed here."""


@contextmanager
def team_errors() -> Iterator[None]:
    try:
        yield
    except TeamRefusedError as error:
        raise RejectedError(str(error)) from error
    except TeamUsageError as error:
        raise UsageError(str(error)) from error
    except TeamOfflineError as error:
        raise OfflineError(str(error)) from error
    except TeamError as error:
        raise OperationError(str(error)) from error


class TeamOps(OperationsBase):
    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        # Every operation's writes pass the team check on flush; a refusal
        # there is a rejected input (exit 3), whichever operation made it.
        try:
            with super().unit_of_work() as session:
                yield session
        except TeamRefusedError as error:
            raise RejectedError(str(error)) from error

    # --- the administrator (the server only: no library is opened or needed) ---------------

    @staticmethod
    def team_create(url: str, password: str | None = None) -> CreateOutcome:
        from resources_db.team import admin
        from resources_db.team.urls import parse_url

        with team_errors():
            return admin.create_team(parse_url(url), password)

    @staticmethod
    def team_grant(url: str, login: str, role: str, password: str | None = None) -> None:
        from resources_db.team import admin
        from resources_db.team.urls import parse_url

        with team_errors():
            admin.grant(parse_url(url), login, role, password)

    @staticmethod
    def team_revoke(url: str, login: str, password: str | None = None) -> bool:
        from resources_db.team import admin
        from resources_db.team.urls import parse_url

        with team_errors():
            return admin.revoke(parse_url(url), login, password)

    # --- this laptop ---------------------------------------------------------------------

    def team_join(self, url: str, password: str | None = None) -> TeamStatus:
        from resources_db.team import sync as team_sync

        with team_errors():
            return team_sync.join(self.library, url, password)

    def remember_password(self, url: str, password: str) -> bool:
        """Keep a password the window's prompt was given in the OS keyring; False when
        there is none (headless Linux): it is then asked again next time, never written."""
        from resources_db.team import credentials
        from resources_db.team.urls import parse_url

        with team_errors():
            return credentials.store_password(parse_url(url), password)

    def team_status(self) -> TeamStatus:
        from resources_db.team import sync as team_sync

        with team_errors():
            return team_sync.status(self.library)

    def team_joined(self) -> bool:
        try:
            self.team_status()
        except UsageError:
            return False
        return True

    def is_team_resource(self, uid: str) -> bool:
        """For ``show --json``'s ``team``: False for what is only on this laptop."""
        from resources_db.team import sync as team_sync

        return team_sync.is_team(self.library, uid)

    def team_leave(self) -> Changes:
        """Unlink; the team's resources and lists stay here as the person's own."""
        from resources_db.team import sync as team_sync

        with team_errors():
            team_sync.leave(self.library)
        return Changes(catalogue=True, collection_list=True)

    def sync(self, password: str | None = None) -> tuple[SyncReport, Changes]:
        """Pull, then push; the search index follows before this returns."""
        from resources_db.team import sync as team_sync

        with team_errors():
            report = team_sync.sync(self.library, password)
        self.index.catch_up()
        changed = report.pulled or report.conflicts or report.status == "revoked"
        changes = Changes(catalogue=True, collection_list=True) if changed else Changes()
        return report, changes

    def share_collection(self, name: str) -> Changes:
        from resources_db.team import sync as team_sync

        with team_errors():
            team_sync.share(self.library, name)
        return Changes(collections=frozenset({name}))

    def unshare_collection(self, name: str) -> Changes:
        from resources_db.team import sync as team_sync

        with team_errors():
            team_sync.unshare(self.library, name)
        return Changes(collections=frozenset({name}))

    def team_conflicts(self) -> list[ConflictInfo]:
        from resources_db.team import sync as team_sync

        with team_errors():
            return team_sync.conflicts(self.library)

    def use_mine(self, conflict_id: int) -> Changes:
        """Put the person's value back where the server's was kept; published at the next sync."""
        from resources_db.team import sync as team_sync

        with team_errors():
            uid = team_sync.use_mine(self.library, conflict_id)
        self.index.catch_up()
        return Changes(resources=frozenset({uid}))
