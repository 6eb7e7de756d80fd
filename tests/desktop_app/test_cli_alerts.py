"""``imh-library alerts`` and the currency keys of ``show --json`` (DESIGN.md, Additions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.operations import Operations, UsageError
from resources_db import user_data
from tests.resources_db.packs_fixtures import resource, write_pack


def alerts_command(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> str:
    assert main(["--data-dir", str(data_dir), "alerts", *argv]) == 0
    return capsys.readouterr().out


def superseded_while_collected(data_dir: Path, tmp_path: Path) -> None:
    """A briefing in "Induction week", then a pack saying a newer one replaces it."""
    ops = Operations.open(data_dir)
    try:
        ops.library.import_pack(
            write_pack(tmp_path / "one", [resource("b/old", kind="briefing", source="Briefings")])
        )
        with ops.unit_of_work() as session:
            user_data.create_collection(session, "Induction week")
            user_data.add_to_collection(session, "Induction week", ["b/old"])
        newer = [
            resource("b/old", kind="briefing", source="Briefings", status="superseded",
                     superseded_by="b/new"),
            resource("b/new", kind="briefing", title="The new briefing", source="Briefings"),
        ]  # fmt: skip
        ops.library.import_pack(write_pack(tmp_path / "two", newer))
    finally:
        ops.close()


def test_alerts_json_shape(capsys, tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    assert json.loads(alerts_command(capsys, data_dir, "--json")) == {"alerts": []}
    superseded_while_collected(data_dir, tmp_path)
    [alert] = json.loads(alerts_command(capsys, data_dir, "--json"))["alerts"]
    assert set(alert) == {"uid", "title", "change", "detail", "at"}
    assert (alert["uid"], alert["title"], alert["change"]) == (
        "b/old",
        "Title of b/old",
        "superseded",
    )
    assert alert["detail"] == "Replaced by “The new briefing”."
    assert alert["at"][:4].isdigit() and "T" in alert["at"]


def test_alerts_text_says_where_it_is_used(capsys, tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    assert "No alerts" in alerts_command(capsys, data_dir)
    superseded_while_collected(data_dir, tmp_path)
    text = alerts_command(capsys, data_dir)
    assert "The briefing you use in “Induction week” was superseded on " in text
    assert "Its replacement: The new briefing  [b/new]" in text


def test_listing_alerts_leaves_them_new_and_dismissing_twice_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    superseded_while_collected(data_dir, tmp_path)
    ops = Operations.open(data_dir)
    try:
        [alert] = ops.alerts()
        assert ops.unseen_alert_count() == 1
        assert ops.mark_alerts_seen() == 1 and ops.unseen_alert_count() == 0
        assert ops.dismiss_alerts([alert.id]) == 1
        with pytest.raises(UsageError, match="no longer in the list"):
            ops.dismiss_alerts([alert.id])
    finally:
        ops.close()


def test_show_json_fills_the_currency_keys(capsys, tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    superseded_while_collected(data_dir, tmp_path)
    assert main(["--data-dir", str(data_dir), "show", "b/old", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["status"], shown["superseded_by"], shown["last_reviewed"]) == (
        "superseded",
        "b/new",
        None,
    )
    assert main(["--data-dir", str(data_dir), "show", "b/old"]) == 0
    text = capsys.readouterr().out
    assert "Status:        superseded" in text
    # Named as the window names it, by title (found by a new user: a bare uid).
    assert "Superseded by: The new briefing (b/new)" in text
    assert main(["--data-dir", str(data_dir), "show", "b/new"]) == 0
    newer = capsys.readouterr().out
    assert "Superseded by" not in newer
    assert "Replaces:      Title of b/old (b/old)" in newer
