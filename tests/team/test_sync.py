"""Pull and push between laptops through a real server: first sync, increments, tombstones,
conflicts, the outbox, lists, and a member's changes refused before they reach the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.operations import RejectedError
from tests.team.helpers import edit_title, import_pack, search_uids, title, uids, write_pack


def test_a_curators_import_reaches_a_member_and_is_searchable(joined, tmp_path: Path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 5))
    assert alice.team_status().pending == 5

    report, _ = alice.sync()
    assert (report.status, report.pushed) == ("ok", 5)
    assert alice.team_status().pending == 0

    report, changes = carol.sync()
    assert (report.status, report.pulled, report.pushed) == ("ok", 5, 0)
    assert changes.catalogue
    assert uids(carol, "team/") == {f"team/{n}" for n in range(1, 6)}
    assert "team/3" in search_uids(carol, "attachment")
    shown = carol.detail("team/2")
    assert shown is not None


def test_a_second_sync_with_nothing_new_moves_nothing(joined, tmp_path: Path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    carol.sync()
    for ops in (alice, carol):
        report, changes = ops.sync()
        assert (report.pulled, report.pushed, report.conflicts) == (0, 0, [])
        assert changes.empty


def test_an_edit_travels_and_only_the_changed_row_is_pulled(joined, tmp_path: Path) -> None:
    alice, bob, carol = joined("alice"), joined("bob"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 4))
    alice.sync()
    bob.sync()
    carol.sync()
    edit_title(bob, "team/2", "Bob's better title")
    report, _ = bob.sync()
    assert report.pushed == 1

    report, _ = carol.sync()
    assert report.pulled == 1
    assert title(carol, "team/2") == "Bob's better title"
    assert "team/2" in search_uids(carol, "better")
    alice.sync()
    assert title(alice, "team/2") == "Bob's better title"


def test_a_curators_delete_travels_as_a_tombstone_to_the_bin(joined, tmp_path: Path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    carol.sync()
    carol.set_bookmark("team/1", "my note")

    alice.delete_resources(["team/1"])
    assert alice.sync()[0].pushed == 1
    report, _ = carol.sync()
    assert report.pulled == 1
    assert "team/1" not in search_uids(carol, "attachment")
    assert [b.uid for b in carol.binned()] == ["team/1"]

    alice.restore_resources(["team/1"])
    alice.sync()
    carol.sync()
    assert "team/1" in search_uids(carol, "attachment")
    assert [(b.uid, b.note) for b in carol.bookmarks()] == [("team/1", "my note")]


def test_the_server_keeps_no_rows_deleted(joined, team, tmp_path: Path) -> None:
    alice = joined("alice")
    import_pack(alice, write_pack(tmp_path / "pack", 2))
    alice.sync()
    alice.delete_resources(["team/2"])
    alice.sync()
    with team.connect_as("alice") as conn:
        rows = conn.execute("SELECT uid, deleted FROM imh.resources ORDER BY uid").fetchall()
    assert rows == [("team/1", False), ("team/2", True)]


def test_different_fields_changed_on_two_laptops_both_survive(joined, tmp_path: Path) -> None:
    alice, bob, carol = joined("alice"), joined("bob"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 2))
    alice.sync()
    bob.sync()
    from resources_db.curation import ResourceFields

    alice.edit_resource("team/1", ResourceFields(title="Alice's title"))
    bob.edit_resource("team/1", ResourceFields(summary="Bob's summary"))
    alice.sync()
    report, _ = bob.sync()
    assert report.conflicts == []
    alice.sync()
    carol.sync()
    for ops in (alice, bob, carol):
        shown = ops.detail("team/1")
        assert (shown.detail.document.title, shown.detail.document.summary) == (
            "Alice's title",
            "Bob's summary",
        )


def test_the_same_field_changed_on_both_sides_keeps_the_servers_and_reports_yours(
    joined, tmp_path: Path
) -> None:
    alice, bob = joined("alice"), joined("bob")
    import_pack(alice, write_pack(tmp_path / "pack", 1))
    alice.sync()
    bob.sync()
    edit_title(alice, "team/1", "Alice's title")
    edit_title(bob, "team/1", "Bob's title")
    alice.sync()
    report, _ = bob.sync()

    assert [(c.key, c.field, c.yours, c.theirs, c.kept) for c in report.conflicts] == [
        ("team/1", "title", "Bob's title", "Alice's title", "theirs")
    ]
    assert report.as_json()["conflicts"] == [
        {"uid": "team/1", "field": "title", "yours": "Bob's title",
         "theirs": "Alice's title", "kept": "theirs"}
    ]  # fmt: skip
    assert title(bob, "team/1") == "Alice's title"
    [open_conflict] = bob.team_conflicts()
    bob.use_mine(open_conflict.id)
    assert title(bob, "team/1") == "Bob's title"
    bob.sync()
    alice.sync()
    assert title(alice, "team/1") == "Bob's title"


def test_a_member_cannot_edit_or_delete_team_resources(joined, tmp_path: Path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 1))
    alice.sync()
    carol.sync()
    with pytest.raises(RejectedError, match="only curators"):
        edit_title(carol, "team/1", "Carol's title")
    with pytest.raises(RejectedError, match="only curators"):
        carol.delete_resources(["team/1"])
    assert title(carol, "team/1") == "Team resource 1"
    assert carol.team_status().pending == 0


def test_a_members_own_imports_stay_on_their_laptop(joined, tmp_path: Path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(carol, write_pack(tmp_path / "mine", 2, prefix="carol"))
    edit_title(carol, "carol/1", "Still mine")
    assert carol.team_status().pending == 0
    assert carol.sync()[0].pushed == 0
    alice.sync()
    assert uids(alice, "carol/") == set()


def test_a_shared_list_reaches_the_team_and_only_its_owner_changes_it(joined, tmp_path) -> None:
    alice, carol, dave = joined("alice"), joined("carol"), joined("dave")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    carol.sync()
    carol.create_collection("Week 1")
    carol.add_to_collection("Week 1", ["team/2", "team/1"])
    carol.set_item_note("Week 1", "team/1", "read this first")
    carol.share_collection("Week 1")
    assert carol.sync()[0].pushed == 1

    dave.sync()
    [week] = [c for c in dave.collections() if c.name == "Week 1"]
    assert [(i.uid, i.note) for i in week.items] == [("team/2", ""), ("team/1", "read this first")]
    with pytest.raises(RejectedError, match="shared by carol"):
        dave.add_to_collection("Week 1", ["team/3"])

    carol.add_to_collection("Week 1", ["team/3"])
    carol.sync()
    dave.sync()
    [week] = [c for c in dave.collections() if c.name == "Week 1"]
    assert [i.uid for i in week.items] == ["team/2", "team/1", "team/3"]

    carol.unshare_collection("Week 1")
    carol.sync()
    dave.sync()
    assert "Week 1" not in {c.name for c in dave.collections()}
    assert "Week 1" in {c.name for c in carol.collections()}


def test_private_data_never_reaches_the_server(joined, team, tmp_path: Path) -> None:
    alice = joined("alice")
    import_pack(alice, write_pack(tmp_path / "pack", 1))
    alice.set_bookmark("team/1", "PRIVATE bookmark note")
    alice.create_collection("PRIVATE list")
    alice.add_to_collection("PRIVATE list", ["team/1"])
    alice.save_search("PRIVATE search", "attachment")
    alice.record_view("team/1")
    alice.sync()
    with team.connect_as("alice") as conn:
        dumped = conn.execute(
            "SELECT string_agg(t::text, ' ') FROM ("
            " SELECT r::text AS t FROM imh.resources r UNION ALL"
            " SELECT l::text FROM imh.lists l UNION ALL"
            " SELECT d::text FROM imh.directory d UNION ALL"
            " SELECT a::text FROM imh.audit_log a) everything"
        ).fetchone()
    assert dumped is not None and "PRIVATE" not in dumped[0]


def test_a_members_import_that_would_change_team_resources_is_rejected(joined, tmp_path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 2))
    alice.sync()
    carol.sync()
    report = carol.import_sources([str(write_pack(tmp_path / "again", 2, body="Rewritten"))])
    [outcome] = report.rejected
    assert "only curators" in (outcome.error or "")
    assert carol.detail("team/1").detail.document.body == ""


def test_a_member_may_keep_a_file_of_a_team_resource_for_offline_use(joined, tmp_path) -> None:
    from resources_db.catalogue_writer import add_download
    from resources_db.packs import PackAttachment

    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 1))
    alice.sync()
    carol.sync()
    with carol.library.db.session() as session:
        audio = PackAttachment("episode.mp3", "Episode audio", "audio/mpeg", b"ID3 audio")
        add_download(session, "team/1", audio, carol.library.paths.attachments_dir)
    assert carol.team_status().pending == 0


def test_the_daily_reconcile_removes_what_left_the_server(joined, team, tmp_path) -> None:
    from datetime import datetime, timedelta

    from resources_db.team import sync as team_sync

    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    carol.sync()
    with team.server.superuser(team.database) as conn:  # a DBA's repair, outside the app
        conn.execute("DELETE FROM imh.resources WHERE uid = 'team/2'")
    team_sync.sync(carol.library)
    assert "team/2" in uids(carol, "team/")  # an increment cannot see a row that is gone
    team_sync.sync(carol.library, now=datetime.now() + timedelta(days=2))
    assert uids(carol, "team/") == {"team/1", "team/3"}


def test_team_resources_are_told_apart_from_a_members_own(joined, tmp_path) -> None:
    alice, carol = joined("alice"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 1))
    alice.sync()
    carol.sync()
    import_pack(carol, write_pack(tmp_path / "mine", 1, prefix="carol"))
    assert carol.is_team_resource("team/1")
    assert not carol.is_team_resource("carol/1")


def test_an_incremental_pull_reads_only_rows_written_after_the_last_seen_version(team) -> None:
    from sqlalchemy import create_engine

    from resources_db.team import server

    with team.connect_as("alice") as conn:
        conn.execute("INSERT INTO imh.resources (uid, data) VALUES ('a', '{}'), ('b', '{}')")
        conn.commit()
        conn.execute("INSERT INTO imh.resources (uid, data) VALUES ('c', '{}')")
        conn.commit()
    engine = create_engine("postgresql+psycopg://", creator=lambda: team.connect_as("carol"))
    with engine.connect() as connection:
        everything = [r.uid for page in server.resource_pages(connection, 0, 2) for r in page]
        later = [r.uid for page in server.resource_pages(connection, 1, 2, page=1) for r in page]
    engine.dispose()
    assert (everything, later) == (["a", "b", "c"], ["c"])
