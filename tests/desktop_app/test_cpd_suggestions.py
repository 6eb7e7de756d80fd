"""CPD suggestions: what the app saw becomes a proposal; nothing is logged without the person."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.operations import Operations, UsageError
from resources_db import user_data
from resources_db.models import PlaybackPosition
from resources_db.practice_suggestions import OPENED_SECONDS
from resources_db.user_data_file import merge_user_data, parse_user_data, user_data_dict
from tests.resources_db.packs_fixtures import resource, write_pack

EPISODE = "ep/1"
COURSE = "course/1"
BLOG = "blog/1"
SUGGESTION_KEYS = {"id", "date", "uid", "title", "method", "minutes", "reason"}


@pytest.fixture
def ops(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Operations.open(tmp_path / "lib")
    opened.library.import_pack(
        write_pack(
            tmp_path / "pack",
            [
                resource(EPISODE, kind="podcast episode", title="Rupture and repair",
                         duration_seconds=40 * 60),
                resource(COURSE, kind="training", title="Perinatal module"),
                resource(BLOG, title="A long read"),
            ],
        )
    )  # fmt: skip
    yield opened
    opened.close()


def test_an_episode_heard_most_of_the_way_is_proposed_once(ops: Operations) -> None:
    ops.note_listening(EPISODE, 20 * 60, 40 * 60)
    assert ops.cpd_suggestions() == []  # half way is not most of the way
    assert ops.note_listening(EPISODE, 33 * 60, 40 * 60).practice
    [found] = ops.cpd_suggestions()
    assert (found.uid, found.method, found.minutes, found.reason) == (
        EPISODE,
        "podcast",
        33,
        "listened",
    )
    assert found.day == date.today()
    assert not ops.note_listening(EPISODE, 39 * 60, 40 * 60).practice  # not a second one
    assert len(ops.cpd_suggestions()) == 1
    assert ops.cpd_entries().entries == []  # nothing logged without the person


def test_the_catalogue_length_stands_in_when_the_player_does_not_know_it(ops: Operations) -> None:
    ops.note_listening(EPISODE, 35 * 60)
    assert [s.uid for s in ops.cpd_suggestions()] == [EPISODE]


def test_training_open_ten_minutes_in_a_day_is_proposed_and_its_minutes_follow(
    ops: Operations,
) -> None:
    ops.note_reading(COURSE, OPENED_SECONDS - 60)
    assert ops.cpd_suggestions() == []
    ops.note_reading(COURSE, 120)
    [found] = ops.cpd_suggestions()
    assert (found.method, found.minutes, found.reason) == ("e-learning", 11, "opened")
    ops.note_reading(COURSE, 9 * 60)
    assert ops.cpd_suggestions()[0].minutes == 20
    ops.note_reading(BLOG, 60 * 60)  # a blog post read for an hour is not e-learning
    assert [s.uid for s in ops.cpd_suggestions()] == [COURSE]


def test_dismissed_stays_dismissed_after_a_restart(ops: Operations, tmp_path: Path) -> None:
    ops.note_listening(EPISODE, 38 * 60, 40 * 60)
    [found] = ops.cpd_suggestions()
    ops.dismiss_suggestions([found.id])
    ops.close()
    again = Operations.open(tmp_path / "lib")
    try:
        again.note_listening(EPISODE, 40 * 60, 40 * 60)
        assert again.cpd_suggestions() == []
        with pytest.raises(UsageError, match="no open CPD suggestion"):
            again.dismiss_suggestions([found.id])
    finally:
        again.close()


def test_confirming_logs_the_entry_as_the_person_left_it(ops: Operations) -> None:
    ops.note_reading(COURSE, 25 * 60)
    [found] = ops.cpd_suggestions()
    draft = ops.suggestion_draft(found.id)
    assert (draft.uid, draft.topic, draft.method, draft.minutes) == (
        COURSE,
        "Perinatal module",
        "e-learning",
        25,
    )
    entry, changes = ops.confirm_suggestion(found.id)
    assert changes.practice and (entry.uid, entry.minutes) == (COURSE, 25)
    assert ops.cpd_suggestions() == []
    ops.note_reading(COURSE, 25 * 60)  # more of the same day: still logged, not proposed
    assert ops.cpd_suggestions() == []


def test_something_already_logged_is_not_proposed(ops: Operations) -> None:
    from resources_db.practice_record import CpdDraft

    ops.log_cpd(CpdDraft(date.today() - timedelta(days=3), "podcast", 40, uid=EPISODE))
    ops.note_listening(EPISODE, 39 * 60, 40 * 60)
    assert ops.cpd_suggestions() == []


def test_positions_saved_before_suggestions_existed_are_found(ops: Operations) -> None:
    saved = datetime(2026, 11, 20, 21, 30)
    with ops.unit_of_work() as session:
        session.add(PlaybackPosition(resource_uid=EPISODE, seconds=36 * 60, updated_at=saved))
    [found] = ops.cpd_suggestions()
    assert (found.uid, found.day) == (EPISODE, saved.date())


def test_suggestions_and_decisions_travel_in_the_user_data_file(
    ops: Operations, tmp_path: Path
) -> None:
    ops.note_listening(EPISODE, 38 * 60, 40 * 60)
    ops.note_reading(COURSE, 15 * 60)
    listened = next(s for s in ops.cpd_suggestions() if s.reason == "listened")
    ops.dismiss_suggestions([listened.id])
    with ops.unit_of_work() as session:
        data = parse_user_data(json.dumps(user_data_dict(session)).encode())
    assert {s["state"] for s in data["practice"]["suggestions"]} == {"open", "dismissed"}
    other = Operations.open(tmp_path / "other")
    try:
        other.library.import_pack(tmp_path / "pack")
        with other.unit_of_work() as session:
            merge_user_data(session, data)
        assert [s.uid for s in other.cpd_suggestions()] == [COURSE]
        other.note_listening(EPISODE, 40 * 60, 40 * 60)  # dismissed there: not offered here
        assert [s.uid for s in other.cpd_suggestions()] == [COURSE]
    finally:
        other.close()


def test_suggestions_are_never_in_a_resource_export(ops: Operations, tmp_path: Path) -> None:
    from desktop_app.operations import ExportRequest

    ops.note_reading(COURSE, 15 * 60)
    with ops.unit_of_work() as session:
        user_data.set_bookmark(session, COURSE)
    target = tmp_path / "out.json"
    ops.export(ExportRequest("bookmarks"), "json", target)
    text = target.read_text(encoding="utf-8")
    assert COURSE in text and "suggestion" not in text and "e-learning" not in text


def cli_run(capsys, data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "cpd", "suggestions", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cpd_suggestions_command(ops: Operations, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "lib"
    ops.note_listening(EPISODE, 38 * 60, 40 * 60)
    ops.note_reading(COURSE, 12 * 60)
    ops.close()
    code, out, _ = cli_run(capsys, data_dir, "--json")
    found = json.loads(out)["suggestions"]
    assert code == 0 and {s["uid"] for s in found} == {EPISODE, COURSE}
    assert all(set(s) == SUGGESTION_KEYS for s in found)
    code, out, _ = cli_run(capsys, data_dir)
    assert "2 suggestions" in out and "Rupture and repair" in out
    episode = next(s["id"] for s in found if s["uid"] == EPISODE)
    course = next(s["id"] for s in found if s["uid"] == COURSE)
    code, out, _ = cli_run(capsys, data_dir, "--confirm", str(episode))
    assert code == 0 and "Logged CPD entry" in out and "podcast" in out
    code, out, _ = cli_run(capsys, data_dir, "--dismiss", str(course))
    assert code == 0 and "will not be offered again" in out
    code, out, _ = cli_run(capsys, data_dir, "--json")
    assert json.loads(out) == {"suggestions": []}
    code, _, err = cli_run(capsys, data_dir, "--dismiss", str(course))
    assert code != 0 and len(err.strip().splitlines()) == 1  # one sentence
