"""A second start on the same library hands over to the window already open."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.single_instance import InstanceServer, hand_over


def test_a_second_start_hands_over_to_the_first(qtbot, tmp_path: Path) -> None:
    first = InstanceServer(tmp_path / "library")
    assert first.listening
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert hand_over(tmp_path / "library")
    first.close()


def test_another_library_is_not_handed_over(qtbot, tmp_path: Path) -> None:
    first = InstanceServer(tmp_path / "one")
    assert not hand_over(tmp_path / "two")
    first.close()
