"""The window as Orca meets it: names, roles, focus and announcements over AT-SPI.

Each test starts the app on a virtual screen with its own accessibility bus
(see conftest.py) and drives it with real key presses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y.conftest import Reader

pytestmark = pytest.mark.slow  # each test starts the real window on a virtual screen

ACTIVE = ("push button", "toggle button", "check box", "combo box", "page tab", "menu item")


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("children", []):
        yield from nodes(child)


def showing(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in nodes(tree) if "showing" in n["states"]]


def named(tree: dict[str, Any], role: str) -> list[str]:
    return [n["name"] for n in showing(tree) if n["role"] == role]


def search_and_open_first(reader: Reader, words: str) -> None:
    """Type a search, Down to the first result, Enter to read it."""
    mark = reader.mark()
    reader.type(words)
    reader.wait_event(mark, "object:announcement", contains="result")
    reader.keys("Down")
    reader.wait_event(mark, "object:state-changed:focused", role="list item", detail1=1)
    reader.keys("Return")
    reader.wait_event(mark, "object:state-changed:showing", role="heading", detail1=1)


def test_every_control_has_a_name_and_the_right_role(reader: Reader) -> None:
    mark = reader.mark()
    reader.type("babies")  # the clear button shows once there is text
    reader.wait_event(mark, "object:announcement", contains="results")
    tree = reader.tree()
    assert named(tree, "text")[:1] == ["Search the library"]
    assert "Clear search" in named(tree, "push button")
    sort = next(n for n in showing(tree) if n["role"] == "combo box")
    # On Linux a combo box's name is its value; its label names it.
    assert sort["relations"].get("labelled-by") == ["Sort results by"]
    assert "Search results" in named(tree, "list")
    assert named(tree, "page tab") == [
        "Filters",
        "Bookmarks",
        "Collections",
        "Saved",
        "Recent",
        "Bin",
    ]
    for node in showing(tree):
        if node["role"] in ACTIVE:
            assert node["name"].strip(), f"an unnamed {node['role']}"


def test_an_open_resource_reads_as_heading_facts_and_named_buttons(reader: Reader) -> None:
    search_and_open_first(reader, "Babies in the pandemic")
    tree = reader.tree()
    headings = named(tree, "heading")
    assert headings == ["IMHAW 2020 Wednesday: Babies in the pandemic"]
    buttons = named(tree, "push button") + named(tree, "check box")
    for label in ("Back", "Bookmark", "Add to collection", "Open link"):
        assert label in buttons
    text = reader.text("label", "Resource text")
    assert "Kind: Campaign day" in text
    # The dividers between the panes are separators with names, not "unknown".
    dividers = [n for n in nodes(tree) if n["role"] == "separator" and n["name"]]
    assert any("the results and the details" in n["name"] for n in dividers)


def test_tab_leaves_the_objectives_and_reaches_the_items(reader: Reader) -> None:
    mark = reader.mark()
    reader.keys("ctrl+3")
    reader.wait_event(mark, "object:state-changed:focused", role="list item", detail1=1)
    mark = reader.mark()
    reader.keys("Tab", "Tab", "Tab", "Tab")  # New, Rename, Delete, then the objectives
    reader.wait_event(mark, "object:state-changed:focused", name="Learning objectives", detail1=1)
    mark = reader.mark()
    reader.keys("Tab")
    focused = reader.wait_event(
        mark, "object:state-changed:focused", name="Items in this collection", detail1=1
    )
    assert focused["role"] == "list"
    assert "\t" not in reader.text("text", "Learning objectives")


def test_alt_f_v_and_r_open_their_menus_every_time(reader: Reader) -> None:
    for key, menu in (("alt+f", "File"), ("alt+v", "View"), ("alt+r", "Resource")):
        for _ in range(2):  # a clashing mnemonic would take every second press
            mark = reader.mark()
            reader.keys(key)
            reader.wait_event(mark, "object:state-changed:focused", name=menu, detail1=1)
            reader.keys("Escape", "Escape")


def test_a_search_and_an_empty_search_are_announced(reader: Reader) -> None:
    mark = reader.mark()
    reader.type("babies")
    said = reader.wait_event(mark, "object:announcement", contains="results")
    assert said["data"].endswith("results.")
    mark = reader.mark()
    reader.type("qqqzzz")
    reader.wait_event(mark, "object:announcement", contains="No resources match")


def test_focus_lands_on_result_items_not_just_the_list(reader: Reader) -> None:
    mark = reader.mark()
    reader.type("pandemic")
    reader.wait_event(mark, "object:announcement", contains="result")
    mark = reader.mark()
    reader.keys("Down")
    assert (reader.focused(mark) or {}).get("role") == "list item"
    # Back to the box and Down again, with a result already current.
    mark = reader.mark()
    reader.keys("ctrl+k", "Down")
    last = reader.focused(mark) or {}
    assert last.get("role") == "list item"
    assert "pandemic" in last.get("name", "").lower()


def test_links_in_the_text_and_status_messages_are_announced(reader: Reader) -> None:
    search_and_open_first(reader, "IMHAW 2020 Wednesday")
    mark = reader.mark()
    reader.keys("Tab")
    said = reader.wait_event(mark, "object:announcement", contains=", link")
    assert said["data"].startswith(("First 1001", "Parent-Infant", "Infant"))
    mark = reader.mark()
    reader.keys("ctrl+d")
    reader.wait_event(mark, "object:announcement", contains="Bookmarked")


def test_collections_and_filters_are_named_in_their_states(reader: Reader) -> None:
    mark = reader.mark()
    reader.keys("ctrl+3")
    reader.wait_event(mark, "object:state-changed:focused", role="list item", detail1=1)
    tree = reader.tree()
    lists = {n["name"]: n for n in showing(tree) if n["role"] == "list"}
    items = lists["Items in this collection"]
    assert "Ctrl+Up" in items["description"]
    assert "Collections" in lists
    buttons = named(tree, "push button")
    for label in ("New", "Rename", "Delete", "Move up", "Move down", "Edit note", "Remove"):
        assert any(b.startswith(label) for b in buttons), label
    # A filter ticked from the keyboard shows a chip named by what it shows.
    mark = reader.mark()
    reader.keys("ctrl+1", "Down", "space")
    reader.wait_event(mark, "object:announcement", contains="result")
    chips = [b for b in named(reader.tree(), "push button") if b.endswith("remove filter")]
    assert chips and chips[0].startswith("Kind: ")
    assert "Clear all filters" in named(reader.tree(), "push button")
