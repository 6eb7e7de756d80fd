"""Operations behind the window's Feeds dialog, results table and attachments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from desktop_app.operations import Operations, UsageError
from resources_db.models import Resource
from tests.resources_db.test_importing import FeedServer, feed

WEEK = "imhaw-2020/week"


@pytest.fixture
def ops(tmp_path: Path) -> Iterator[Operations]:
    opened = Operations.open(tmp_path / "lib")
    opened.prepare_index()
    yield opened
    opened.close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer()
    yield running
    running.close()


def test_subscriptions_list_their_items_and_last_refresh(
    ops: Operations, server: FeedServer
) -> None:
    ops.import_sources([server.url])
    [info] = ops.subscriptions()
    assert (info.url, info.title, info.items, info.checked_at) == (
        server.url,
        "Attuned Practice Blog",
        2,
        None,
    )
    server.body = feed("Sleep and settling", "Crying and comfort", "Feeding and closeness")
    outcome, changes = ops.refresh_feed(server.url)
    assert (outcome.added, outcome.error) == (1, None) and changes.catalogue
    [info] = ops.subscriptions()
    assert info.items == 3 and info.checked_at is not None and info.last_error == ""
    assert ops.search("feeding closeness").total == 1


def test_a_feed_that_is_down_is_one_sentence_and_the_others_still_refresh(
    ops: Operations, server: FeedServer
) -> None:
    second = FeedServer()
    try:
        second.body = feed("Play and talk").replace(b"Attuned Practice Blog", b"Second Blog")
        ops.import_sources([server.url, second.url])
        server.status = 503
        second.body = feed("Play and talk", "Reading together").replace(
            b"Attuned Practice Blog", b"Second Blog"
        )
        seen: list[str] = []
        outcomes, _ = ops.refresh_subscribed(on_feed=lambda _n, url: seen.append(url))
        assert sorted(seen) == sorted([server.url, second.url])
        by_url = {o.url: o for o in outcomes}
        assert "503" in (by_url[server.url].error or "")
        assert by_url[second.url].added == 1
        errors = {info.url: info.last_error for info in ops.subscriptions()}
        assert errors[second.url] == "" and "503" in errors[server.url]
    finally:
        second.close()


def test_a_cancelled_refresh_stops_between_feeds(ops: Operations, server: FeedServer) -> None:
    ops.import_sources([server.url])
    outcomes, changes = ops.refresh_subscribed(should_cancel=lambda: True)
    assert outcomes == [] and changes.empty


def test_unsubscribing_keeps_what_the_feed_brought(ops: Operations, server: FeedServer) -> None:
    ops.import_sources([server.url])
    before = ops.resource_count()
    ops.unsubscribe(server.url)
    assert ops.subscriptions() == [] and ops.resource_count() == before
    with pytest.raises(UsageError, match="does not follow"):
        ops.unsubscribe(server.url)
    with pytest.raises(UsageError, match="does not follow"):
        ops.refresh_feed(server.url)


def test_results_sort_by_date_added_newest_first(ops: Operations) -> None:
    with ops.unit_of_work() as session:
        session.execute(
            update(Resource).where(Resource.uid == WEEK).values(added_at=datetime(2030, 1, 1))
        )
    found = ops.search("", sort="added", limit=5)
    assert found.total == ops.resource_count() and found.hits[0].uid == WEEK
    # Later pages continue the same order, with no repeats and none left out.
    uids = [hit.uid for hit in found.hits]
    for offset in range(5, found.total, 7):
        uids += [hit.uid for hit in ops.search("", sort="added", offset=offset, limit=7).hits]
    assert len(uids) == len(set(uids)) == found.total
    added = ops.listing(uids)
    times = [added[uid].added_at for uid in uids]
    assert times == sorted(times, reverse=True)


def test_results_sort_by_first_authors_family_name(ops: Operations) -> None:
    found = ops.search("", sort="author", limit=200)
    firsts = [hit.authors[0] for hit in found.hits if hit.authors]
    assert len(firsts) >= 2
    families = [name.split()[-1].casefold() for name in firsts]
    assert families == sorted(families)
    # Resources with no author come after every one with an author.
    authored = [bool(hit.authors) for hit in found.hits]
    assert authored == sorted(authored, reverse=True)
    assert found.facets == ops.search("").facets


def test_sorting_by_added_keeps_the_search_and_its_filters(ops: Operations) -> None:
    plain = ops.search("babies", filters={"year": ["2020"]}, limit=100)
    ordered = ops.search("babies", filters={"year": ["2020"]}, sort="added", limit=100)
    assert ordered.total == plain.total > 0
    assert {h.uid for h in ordered.hits} == {h.uid for h in plain.hits}


def test_listing_gives_the_tables_extra_columns(ops: Operations) -> None:
    ops.tag([WEEK], ["Induction"])
    ops.record_view(WEEK)
    row = ops.listing([WEEK, "no/such"])[WEEK]
    assert row.tags == ("Induction",) and row.viewed and not row.from_feed
    assert row.added_at is not None and 0 < row.number <= ops.newest_number()
    assert list(ops.listing([WEEK, "no/such"])) == [WEEK]


def test_files_attached_to_a_resource_are_copied_into_the_library(
    ops: Operations, tmp_path: Path
) -> None:
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(b"%PDF-1.4 a handout")
    changes = ops.attach_files(WEEK, [handout])
    assert changes.resources == {WEEK}
    handout.unlink()  # the library keeps its own copy
    [attachment] = ops.detail(WEEK).detail.attachments
    assert attachment.filename == "handout.pdf"
    assert ops.attachment_file(attachment.sha256, attachment.filename) is not None
    with pytest.raises(UsageError, match="There is no file"):
        ops.attach_files(WEEK, [tmp_path / "missing.pdf"])
