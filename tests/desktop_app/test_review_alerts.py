"""Review-due alerts (raised once, on start and by ``imh-library alerts``), and alerts
as user data: in the user-data file and back on import."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.operations import Operations
from resources_db import user_data
from resources_db.alerts import sentence
from tests.resources_db.packs_fixtures import resource, write_pack

PAST = date.today() - timedelta(days=10)
FUTURE = date.today() + timedelta(days=10)


def catalogue(tmp_path: Path, name: str = "pack", due: date = PAST) -> Path:
    return write_pack(
        tmp_path / name,
        [
            resource("g/old", kind="guidance", title="Safe sleep", review_due=due.isoformat()),
            resource("g/unused", kind="guidance", review_due=PAST.isoformat()),
            resource("g/fresh", kind="guidance", review_due=FUTURE.isoformat()),
        ],
    )


@pytest.fixture
def ops(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Operations.open(tmp_path / "lib")
    opened.library.import_pack(catalogue(tmp_path))
    with opened.unit_of_work() as session:
        user_data.set_bookmark(session, "g/old")
        user_data.set_bookmark(session, "g/fresh")
    yield opened
    opened.close()


def test_a_used_resource_past_its_review_date_raises_one_alert(ops: Operations) -> None:
    assert ops.raise_review_alerts() == 1
    [alert] = ops.alerts()
    assert (alert.uid, alert.change, alert.at.date()) == ("g/old", "review_due", PAST)
    told = sentence(alert)
    assert told == f"The guidance you bookmarked is due for review since {PAST.day} {PAST:%B %Y}."
    assert ops.raise_review_alerts() == 0  # not again on the next start


def test_a_dismissed_review_alert_is_not_raised_again(ops: Operations, tmp_path: Path) -> None:
    ops.raise_review_alerts()
    [alert] = ops.alerts()
    ops.dismiss_alerts([alert.id])
    ops.close()
    again = Operations.open(tmp_path / "lib")
    try:
        assert again.raise_review_alerts() == 0 and again.alerts() == []
        # Reviewed since, with a new date that has passed in turn: a new alert.
        later = PAST + timedelta(days=5)
        again.library.import_pack(catalogue(tmp_path, "reviewed", later))
        assert again.raise_review_alerts() == 1
        assert again.alerts()[0].at.date() == later
    finally:
        again.close()


def test_imh_library_alerts_raises_them(ops: Operations, tmp_path: Path, capsys) -> None:
    ops.close()
    data_dir = str(tmp_path / "lib")
    assert main(["--data-dir", data_dir, "alerts", "--json"]) == 0
    # DESIGN.md's exact shape keeps its four changes; a passed review date is not one.
    assert json.loads(capsys.readouterr().out) == {"alerts": []}
    assert main(["--data-dir", data_dir, "alerts"]) == 0
    out = capsys.readouterr().out
    assert "1 alert:" in out and "is due for review since" in out
    assert main(["--data-dir", data_dir, "alerts"]) == 0
    assert capsys.readouterr().out.count("is due for review since") == 1  # raised once


def test_alerts_come_back_from_the_user_data_file(ops: Operations, tmp_path: Path) -> None:
    ops.raise_review_alerts()
    [alert] = ops.alerts()
    ops.mark_alerts_seen()
    saved = tmp_path / "mine.json"
    ops.save_user_data(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["alerts"][0]["uid"] == "g/old"
    other = Operations.open(tmp_path / "other")
    try:
        other.library.import_pack(tmp_path / "pack")
        other.import_sources([str(saved)])
        [back] = other.alerts()
        assert (back.uid, back.change, back.detail, back.at, back.seen) == (
            alert.uid,
            alert.change,
            alert.detail,
            alert.at,
            True,
        )
        assert other.raise_review_alerts() == 0  # the file said it was raised already
        other.import_sources([str(saved)])
        assert len(other.alerts()) == 1  # importing twice adds nothing
    finally:
        other.close()
