"""The search index's upkeep and the library's figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.operations.base import OperationsBase
from resources_db import catalogue, user_data


@dataclass(frozen=True)
class CheckOutcome:
    ok: bool
    problems: list[str]
    repaired: bool
    ok_after_repair: bool | None
    resources: int
    indexed: int
    queued: int

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class IndexOps(OperationsBase):
    def prepare_index(self, progress: Callable[[int], None] | None = None) -> None:
        """What every start does: rebuild an unusable index, else apply the queue."""
        self.index.ensure_ready(progress)

    def rebuild_index(
        self,
        progress: Callable[[int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        return self.index.rebuild(progress=progress, should_cancel=should_cancel)

    def check(self, *, repair: bool = False) -> CheckOutcome:
        if not self.index.needs_rebuild:
            self.index.catch_up()
        report = self.index.check()
        repaired = not report.ok and repair
        after = report
        if repaired:
            self.index.rebuild()
            after = self.index.check()
        return CheckOutcome(
            report.ok,
            report.problems,
            repaired,
            after.ok if repaired else None,
            after.resources,
            after.indexed,
            after.queued,
        )

    def stats(self) -> dict[str, Any]:
        with self.unit_of_work() as session:
            return {
                "resources": catalogue.resource_count(session),
                "kinds": catalogue.kind_counts(session),
                **catalogue.directory_counts(session),
                "bookmarks": len(user_data.bookmarks(session)),
                "collections": len(user_data.collections(session)),
                "indexed": self.index.index.doc_count(),
                "data_dir": str(self.library.paths.root),
            }
