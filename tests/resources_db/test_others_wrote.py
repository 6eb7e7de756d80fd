"""Telling another program's commits from one's own (the open window's watch)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resources_db import catalogue, user_data
from resources_db.library import Library, open_library

UID = "imhaw-2020/day-1-monday"


@pytest.fixture
def two_programs(tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """The window's library and another program's, on one folder."""
    window = open_library(tmp_path / "lib")
    other = open_library(tmp_path / "lib")
    yield window, other
    other.close()
    window.close()


def bookmark(library: Library, note: str) -> None:
    with library.db.session() as session:
        user_data.set_bookmark(session, UID, note)


def test_the_first_look_starts_the_watch(two_programs) -> None:
    window, other = two_programs
    bookmark(other, "before anyone watched")
    assert window.db.others_wrote() is False
    assert window.db.others_wrote() is False


def test_own_commits_and_reads_are_not_another_programs(two_programs) -> None:
    window, _ = two_programs
    window.db.others_wrote()
    bookmark(window, "mine")
    with window.db.session() as session:
        catalogue.resource_count(session)
    assert window.db.others_wrote() is False


def test_another_programs_commit_is_seen_once(two_programs) -> None:
    window, other = two_programs
    window.db.others_wrote()
    bookmark(other, "theirs")
    assert window.db.others_wrote() is True
    assert window.db.others_wrote() is False


def test_another_programs_commit_before_one_of_ours_is_still_seen(two_programs) -> None:
    """Found trying the window beside the command line: a commit of another program's
    followed by one of the window's own, between two looks, was taken for the window's."""
    window, other = two_programs
    window.db.others_wrote()
    bookmark(other, "theirs")
    bookmark(window, "mine")
    bookmark(window, "mine again")
    assert window.db.others_wrote() is True


def test_a_look_after_closing_answers_no_and_opens_nothing(two_programs) -> None:
    window, other = two_programs
    window.db.others_wrote()
    bookmark(other, "theirs")
    window.close()
    assert window.db.others_wrote() is False
    assert window.db._watch is None
