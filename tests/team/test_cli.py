"""The team commands as a new user meets them: exit statuses, one-sentence errors, JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.team.helpers import write_pack
from tests.team.pg_server import ADMIN
from tests.team.proxy import Proxy


def test_an_administrator_sets_up_a_team_from_the_command_line(cli, pg_server, tmp_path) -> None:
    pg_server.create_database("clisetup")
    url = pg_server.url(ADMIN, "clisetup")
    home = ["--data-dir", str(tmp_path / "admin")]
    code, out, err = cli("team", "create", url, *home)
    assert (code, err) == (0, "")
    assert "Created the team library in clisetup" in out
    assert cli("team", "create", url, *home)[1].startswith("Brought up to date")
    assert cli("team", "grant", url, "alice", "curator", *home)[0] == 0
    assert cli("team", "grant", url, "carol", "member", *home)[0] == 0
    code, _, err = cli("team", "grant", url, "nobody", "member", *home)
    assert code == 2 and err.count(".") == 1 and "createuser" in err
    assert cli("team", "revoke", url, "carol", *home)[0] == 0
    # The administrator's commands act on the server: no library was made on this computer.
    assert not (tmp_path / "admin").exists()


def test_join_status_and_sync_print_the_agreed_shapes(cli, team, tmp_path: Path) -> None:
    alice = ["--data-dir", str(tmp_path / "alice")]
    carol = ["--data-dir", str(tmp_path / "carol")]
    assert cli("team", "join", team.url("alice"), *alice)[0] == 0
    assert cli("team", "join", team.url("carol"), *carol)[0] == 0
    assert cli("import", str(write_pack(tmp_path / "pack", 3)), *alice)[0] == 0

    code, out, _ = cli("team", "status", "--json", *alice)
    status = json.loads(out)
    assert code == 0 and set(status) == {"url", "role", "last_sync", "pending"}
    assert (status["role"], status["pending"], status["last_sync"]) == ("curator", 3, None)
    assert status["url"] == team.url("alice")

    code, out, _ = cli("sync", "--json", *alice)
    assert (code, json.loads(out)) == (
        0,
        {"status": "ok", "pulled": 0, "pushed": 3, "conflicts": []},
    )
    code, out, _ = cli("sync", *carol)
    assert (code, out.strip()) == (0, "Synced: 3 received, 0 sent.")
    status = json.loads(cli("team", "status", "--json", *carol)[1])
    assert status["role"] == "member" and status["last_sync"] is not None


def test_a_members_edit_of_team_data_is_refused_with_exit_3(cli, team, tmp_path: Path) -> None:
    alice = ["--data-dir", str(tmp_path / "alice")]
    carol = ["--data-dir", str(tmp_path / "carol")]
    cli("team", "join", team.url("alice"), *alice)
    cli("import", str(write_pack(tmp_path / "pack", 1)), *alice)
    cli("sync", *alice)
    cli("team", "join", team.url("carol"), *carol)
    cli("sync", *carol)

    code, out, err = cli("edit", "team/1", "--title", "Mine now", *carol)
    assert code == 3 and out == ""
    assert err.strip().endswith("only curators can change; nothing was changed.")
    assert len(err.strip().splitlines()) == 1
    assert cli("delete", "team/1", *carol)[0] == 3
    shown = json.loads(cli("show", "team/1", "--json", *carol)[1])
    assert shown["title"] == "Team resource 1"


def test_offline_sync_exits_5_and_changes_nothing(cli, team, tmp_path: Path) -> None:
    proxy = Proxy(team.server.port)
    alice = ["--data-dir", str(tmp_path / "alice")]
    assert cli("team", "join", team.url("alice", port=proxy.port), *alice)[0] == 0
    cli("import", str(write_pack(tmp_path / "pack", 2)), *alice)
    proxy.stop()

    code, out, err = cli("sync", "--json", *alice)
    assert code == 5
    assert json.loads(out) == {"status": "offline", "pulled": 0, "pushed": 0, "conflicts": []}
    assert "could not be reached" in err and len(err.strip().splitlines()) == 1
    status = json.loads(cli("team", "status", "--json", *alice)[1])
    assert (status["pending"], status["last_sync"]) == (2, None)
    assert cli("sync", *alice)[:2] == (5, "")
    assert json.loads(cli("search", "attachment", "--json", *alice)[1])["total"] >= 2
    assert cli("bookmark", "team/1", "--note", "offline note", *alice)[0] == 0


def test_a_password_in_the_address_is_refused(cli, team, tmp_path: Path) -> None:
    url = team.url("carol").replace("carol@", "carol:secret@")
    code, _, err = cli("team", "join", url, "--data-dir", str(tmp_path / "c"))
    assert code == 2 and "Leave the password out" in err
    assert not (tmp_path / "c" / "library.sqlite3").read_bytes().count(b"secret")


def test_revocation_removes_team_data_and_keeps_the_members_notes(cli, team, tmp_path) -> None:
    alice = ["--data-dir", str(tmp_path / "alice")]
    carol = ["--data-dir", str(tmp_path / "carol")]
    cli("team", "join", team.url("alice"), *alice)
    cli("import", str(write_pack(tmp_path / "pack", 2)), *alice)
    cli("collection", "create", "Week 1", *alice)
    cli("collection", "add", "Week 1", "team/1", *alice)
    assert cli("collection", "share", "Week 1", *alice)[0] == 0
    cli("sync", *alice)
    cli("team", "join", team.url("carol"), *carol)
    cli("sync", *carol)
    cli("bookmark", "team/2", "--note", "carol's own thoughts", *carol)
    cli("collection", "create", "Carol's picks", *carol)
    cli("collection", "add", "Carol's picks", "team/2", *carol)

    assert cli("team", "revoke", team.url(ADMIN), "carol", *alice)[0] == 0
    code, out, err = cli("sync", "--json", *carol)
    assert (code, err) == (0, "")
    assert json.loads(out)["status"] == "revoked"
    assert json.loads(cli("team", "status", "--json", *carol)[1])["role"] == "revoked"
    assert cli("show", "team/2", *carol)[0] == 2
    listing = json.loads(cli("collection", "list", "--json", *carol)[1])
    names = (
        {c["name"] for c in listing["collections"]}
        if isinstance(listing, dict)
        else {c["name"] for c in listing}
    )
    assert "Week 1" not in names and "Carol's picks" in names
    saved = tmp_path / "carol-data.json"
    assert cli("backup", "--user-data", str(saved), *carol)[0] == 0
    assert "carol's own thoughts" in saved.read_text(encoding="utf-8")


def test_an_old_app_is_told_to_update_and_changes_nothing(cli, team, tmp_path: Path) -> None:
    carol = ["--data-dir", str(tmp_path / "carol")]
    cli("team", "join", team.url("carol"), *carol)
    with team.connect_as(ADMIN) as conn:
        conn.execute(f"SET ROLE {team.database}_owner")
        conn.execute("UPDATE imh.library_state SET min_client_protocol = 99")
        conn.commit()
    code, out, err = cli("sync", *carol)
    assert (code, out) == (1, "")
    assert "needs a newer version of IMH Library" in err
    assert json.loads(cli("team", "status", "--json", *carol)[1])["last_sync"] is None


def test_a_login_without_a_password_is_told_where_to_put_one(cli, team, tmp_path) -> None:
    team.server.add_login("frank")
    team.server.pgpass.write_text(
        "".join(
            line for line in team.server.pgpass.read_text().splitlines(True) if "frank" not in line
        )
    )
    code, _, err = cli("team", "join", team.url("frank"), "--data-dir", str(tmp_path / "f"))
    assert code == 5
    assert "password is missing or wrong" in err and "~/.pgpass" in err


def test_status_of_a_library_that_has_not_joined_is_an_answer_not_an_error(cli, tmp_path) -> None:
    home = ["--data-dir", str(tmp_path / "solo")]
    code, out, err = cli("team", "status", "--json", *home)
    assert (code, err) == (0, "")
    # DESIGN.md's exact keys, with nothing in them.
    assert json.loads(out) == {"url": None, "role": None, "last_sync": None, "pending": 0}
    code, out, err = cli("team", "status", *home)
    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 1 and "not part of a team library" in out
