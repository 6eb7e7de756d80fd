"""CPD entries the app proposes: the evidence the window records, and deciding on them.

The window reports what it sees (an episode's saved position, a resource's
time open); ``resources_db.practice_suggestions`` turns that into
suggestions. Nothing is logged until the person confirms one; a dismissed one
is not offered again. Suggestions are part of the private practice record.
"""

from __future__ import annotations

from datetime import date

from desktop_app.operations.changes import NOTHING, Changes
from desktop_app.operations.practice_ops import PRACTICE, PracticeOps
from resources_db import practice_record, practice_suggestions
from resources_db.practice_record import CpdDraft, CpdInfo
from resources_db.practice_suggestions import SuggestionInfo


class SuggestionOps(PracticeOps):
    def note_listening(self, uid: str, position: float, duration: float = 0.0) -> Changes:
        """The player saved ``position`` seconds of an episode ``duration`` seconds long."""
        with self.unit_of_work() as session:
            made = practice_suggestions.note_listening(
                session, uid, position, duration, date.today()
            )
        return PRACTICE if made else NOTHING

    def note_reading(self, uid: str, seconds: float) -> Changes:
        """``uid`` was open in the window for ``seconds`` (only training kinds are kept)."""
        with self.unit_of_work() as session:
            made = practice_suggestions.note_reading(session, uid, seconds, date.today())
        return PRACTICE if made else NOTHING

    def cpd_suggestions(self) -> list[SuggestionInfo]:
        """Open suggestions, newest first (resume positions saved earlier are looked at too)."""
        with self.unit_of_work() as session:
            practice_suggestions.gather(session)
            return practice_suggestions.suggestions(session)

    def suggestion_draft(self, suggestion_id: int) -> CpdDraft:
        """The CPD entry a suggestion proposes, to be checked and completed by the person."""
        with self.unit_of_work() as session:
            found = practice_suggestions.suggestion(session, suggestion_id)
        return draft_of_suggestion(found)

    def confirm_suggestion(
        self, suggestion_id: int, draft: CpdDraft | None = None
    ) -> tuple[CpdInfo, Changes]:
        """Log the suggestion (as ``draft`` when the person changed it) in one step."""
        with self._practice() as (session, key):
            found = practice_suggestions.suggestion(session, suggestion_id)
            entry = practice_record.log_cpd(
                session, key, draft or draft_of_suggestion(found), date.today()
            )
            practice_suggestions.decide(session, [suggestion_id], "confirmed")
        return entry, PRACTICE

    def dismiss_suggestions(self, ids: list[int]) -> Changes:
        with self.unit_of_work() as session:
            for suggestion_id in ids:
                practice_suggestions.suggestion(session, suggestion_id)  # one sentence if gone
            practice_suggestions.decide(session, ids, "dismissed")
        return PRACTICE


def draft_of_suggestion(found: SuggestionInfo) -> CpdDraft:
    return CpdDraft(
        day=found.day, method=found.method, minutes=found.minutes, uid=found.uid, topic=found.title
    )
