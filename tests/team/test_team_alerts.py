"""A team sync raises alerts too: a change a colleague published to something you use."""

from __future__ import annotations

from pathlib import Path

from tests.team.helpers import edit_title, import_pack, write_pack


def test_a_pulled_change_to_a_bookmarked_resource_raises_an_alert(joined, tmp_path: Path) -> None:
    alice, bob, carol = joined("alice"), joined("bob"), joined("carol")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    bob.sync()
    carol.sync()
    carol.set_bookmark("team/2", "for supervision")
    assert carol.alerts() == []

    edit_title(bob, "team/2", "Bob's better title")
    edit_title(bob, "team/3", "Nobody uses this one")
    bob.sync()
    carol.sync()
    [alert] = carol.alerts()
    assert (alert.uid, alert.change, alert.title) == ("team/2", "updated", "Bob's better title")
    assert carol.sync()[0].pulled == 0 and len(carol.alerts()) == 1
