"""The newer windows as Orca meets them: the resource form, the practice record, alerts.

Each is opened with its keyboard shortcut, read over AT-SPI, and closed with Escape;
every control a person can reach must say what it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y.conftest import Reader

pytestmark = pytest.mark.slow  # each test starts the real window on a virtual screen

# Roles a person reaches with Tab and acts on; each needs a name (or, for a combo
# box on Linux, a label pointing at it: its name is its current value).
CONTROLS = ("push button", "check box", "radio button", "spin button", "text", "page tab")


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("children", []):
        yield from nodes(child)


def unnamed_controls(tree: dict[str, Any]) -> list[str]:
    """Descriptions of showing, focusable controls with neither a name nor a label."""
    found = []
    for node in nodes(tree):
        states = node["states"]
        if "showing" not in states or "focusable" not in states:
            continue
        labelled = node["relations"].get("labelled-by")
        if node["role"] in CONTROLS and not node["name"].strip() and not labelled:
            found.append(f"{node['role']} ({node.get('description', '')})")
        if node["role"] == "combo box" and not labelled and not node["description"]:
            found.append(f"combo box {node['name']!r} has no label")
    return found


def open_with(reader: Reader, key: str, title: str, focus_role: str) -> dict[str, Any]:
    """Press ``key``; the window titled ``title``, once a ``focus_role`` control has focus."""
    mark = reader.mark()
    reader.keys(key)
    reader.wait_event(mark, "object:state-changed:focused", detail1=1, role=focus_role)
    return reader.window_tree(title)


def focused(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in nodes(tree) if "focused" in n["states"]]


def test_the_new_resource_form_names_every_field_and_starts_on_the_first(
    reader: Reader,
) -> None:
    form = open_with(reader, "ctrl+n", "New resource", "combo box")
    assert form["role"] == "dialog"
    assert unnamed_controls(form) == []
    names = {n["name"] for n in nodes(form) if n["role"] == "text"}
    assert {"Title", "Summary"} <= names, names
    # Focus starts on the first field, the kind: a combo box, which its label names
    # (before, the scroll area around the fields took it and was read as a blank pane).
    kind = next(n for n in nodes(form) if n["role"] == "combo box")
    assert "focused" in kind["states"]
    assert kind["relations"].get("labelled-by") == ["Kind"]
    reader.keys("Escape")
    # An untouched form closes without asking anything.
    assert not reader.call("window_tree", name="New resource", timeout=5)["ok"]


def test_the_practice_record_window_reads_as_named_controls(reader: Reader) -> None:
    record = open_with(reader, "ctrl+shift+r", "Practice record", "table")
    assert unnamed_controls(record) == []
    buttons = {n["name"] for n in nodes(record) if n["role"] == "push button"}
    assert any(name.startswith("Log learning") for name in buttons), buttons
    assert any(name.startswith("Export") for name in buttons), buttons
    # The running totals against the NMC's 35 hours are text a screen reader reaches.
    text = " ".join(n["name"] for n in nodes(record))
    assert "35" in text


def test_the_alerts_window_says_there_are_none_and_focuses_close(reader: Reader) -> None:
    # No alerts yet: the list is hidden, so Close takes the focus.
    alerts = open_with(reader, "ctrl+shift+a", "Alerts", "push button")
    assert unnamed_controls(alerts) == []
    assert "No alerts: nothing you use has changed at its source." in {
        n["name"] for n in nodes(alerts) if "showing" in n["states"]
    }


def test_the_team_library_dialog_starts_on_its_named_address_field(reader: Reader) -> None:
    mark = reader.mark()
    reader.keys("alt+f")
    reader.wait_event(mark, "object:state-changed:focused", detail1=1, role="menu item")
    reader.keys("m")  # Tea&m library…
    reader.wait_event(
        mark, "object:state-changed:focused", detail1=1, role="text", name="Team library address"
    )
    team = reader.window_tree("Team library")
    assert unnamed_controls(team) == []
    buttons = {n["name"] for n in nodes(team) if n["role"] == "push button"}
    assert any(name.startswith("Join") for name in buttons), buttons
