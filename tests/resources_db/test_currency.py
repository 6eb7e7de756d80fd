"""Currency: feed refreshes that notice change, alerts on what the person uses, the status
filter, and the currency fields through packs, CSV and JSON."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from resources_db import alerts, catalogue, practice_record, user_data
from resources_db.exporters import export, select_collection
from resources_db.importing import import_source, refresh_subscriptions
from resources_db.library import Library, open_library
from resources_db.packs import PackError, read_pack
from search_index.sync import LibraryIndex
from tests.resources_db.packs_fixtures import resource, write_pack

BASE = "https://briefings.example.org"


def entry(key: str, title: str, summary: str, updated: str = "2026-11-01", extra: str = "") -> str:
    return (
        f"<entry><id>urn:example:{key}</id><title>{title}</title>"
        f'<link href="{BASE}/{key}"/>{extra}<updated>{updated}T09:00:00Z</updated>'
        f"<summary>{summary}</summary></entry>"
    )


def atom(*entries: str, tombstones: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:at="http://purl.org/atompub/tombstones/1.0">'
        "<title>Briefings for practitioners</title><id>urn:example:briefings</id>"
        f"<updated>2026-11-01T09:00:00Z</updated>{tombstones}{''.join(entries)}</feed>"
    ).encode()


FIRST = atom(
    entry("a", "Sleep briefing", "How babies settle."),
    entry("b", "Feeding briefing", "Responsive feeding."),
    entry("c", "Crying guidance", "Soothing a crying baby."),
    entry("d", "Attachment study", "Findings on attachment."),
    entry("e", "Unused note", "Nobody uses this one."),
    entry("f", "Old news", "Dropped from the feed later."),
    entry("g", "Dated item", "Only its date will change."),
    entry("h", "Removed item", "Deleted at the source later."),
)
SECOND = atom(
    entry("a", "Sleep briefing", "How babies settle, revised for 2027.", updated="2026-12-01"),
    entry(
        "b",
        "Feeding briefing",
        "Responsive feeding.",
        extra=f'<link rel="successor-version" href="{BASE}/b2"/>',
    ),
    entry("b2", "Feeding briefing 2027", "The new edition."),
    entry("c", "WITHDRAWN: Crying guidance", "Soothing a crying baby."),
    entry("d", "RETRACTED: Attachment study", "Findings on attachment."),
    entry("e", "RETRACTED: Unused note", "Nobody uses this one."),
    entry("g", "Dated item", "Only its date will change.", updated="2026-12-01"),
    tombstones=(
        '<at:deleted-entry ref="urn:example:h" when="2026-12-01T10:00:00Z">'
        "<at:comment>Out of date; see our new guidance.</at:comment></at:deleted-entry>"
    ),
)


def uid(key: str) -> str:
    return f"feed:urn:example:{key}"


class FeedServer:
    """Serves ``body`` at ``url``; a test swaps the body for the feed's next version."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.end_headers()
                self.wfile.write(served.body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/briefings.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer(FIRST)
    yield running
    running.close()


def use(library: Library) -> None:
    """Bookmark, collect and log for CPD as a practitioner would."""
    with library.db.session() as session:
        for key in ("a", "d", "f", "g", "h"):
            user_data.set_bookmark(session, uid(key))
        user_data.create_collection(session, "Induction week")
        user_data.add_to_collection(session, "Induction week", [uid("b")])
        draft = practice_record.CpdDraft(date(2026, 11, 20), "reading", 30, uid=uid("c"))
        practice_record.log_cpd(session, None, draft, date(2026, 11, 20))


def statuses(library: Library) -> dict[str, str]:
    with library.db.session() as session:
        return {
            key: detail.currency.status
            for key in "abcdefgh"
            if (detail := catalogue.resource_detail(session, uid(key))) is not None
        }


def current_alerts(library: Library) -> list[alerts.AlertInfo]:
    with library.db.session() as session:
        return alerts.alerts(session)


def test_a_refreshed_feed_raises_the_right_alerts_on_what_is_used(
    library: Library, server: FeedServer
) -> None:
    assert import_source(library, server.url).status == "imported"
    use(library)
    assert set(statuses(library).values()) == {"current"}

    server.body = SECOND
    [outcome] = refresh_subscriptions(library)
    assert outcome.error is None

    raised = {(alert.uid, alert.change) for alert in current_alerts(library)}
    assert raised == {
        (uid("a"), "updated"),
        (uid("b"), "superseded"),
        (uid("c"), "withdrawn"),
        (uid("d"), "retracted"),
        (uid("h"), "withdrawn"),
    }
    assert statuses(library) == {
        "a": "updated",
        "b": "superseded",
        "c": "withdrawn",
        "d": "retracted",
        "e": "retracted",  # changed, but nobody uses it: no alert
        "f": "current",  # merely missing from the refreshed feed: not withdrawn
        "g": "current",  # only its date changed: not updated
        "h": "withdrawn",  # an RFC 6721 tombstone
    }
    by_uid = {alert.uid: alert for alert in current_alerts(library)}
    superseded = by_uid[uid("b")]
    assert superseded.replacement == uid("b2")
    assert superseded.replacement_title == "Feeding briefing 2027"
    assert alerts.sentence(superseded).startswith(
        "The blog post you use in “Induction week” was superseded on "
    )
    assert "Out of date; see our new guidance." in by_uid[uid("h")].detail
    assert "1 December 2026" in by_uid[uid("h")].detail
    assert alerts.sentence(by_uid[uid("c")]).startswith("The blog post in your CPD log was")
    with library.db.session() as session:
        replacement = catalogue.resource_detail(session, uid("b2"))
        assert replacement is not None and replacement.currency.replaces == uid("b")
        assert user_data.bookmark(session, uid("f")) is not None  # user data untouched

    # The same feed again says nothing new.
    refresh_subscriptions(library)
    assert len(current_alerts(library)) == 5


def test_alerts_are_seen_and_dismissed(library: Library, server: FeedServer) -> None:
    import_source(library, server.url)
    use(library)
    server.body = SECOND
    refresh_subscriptions(library)
    with library.db.session() as session:
        assert alerts.unseen_count(session) == 5
        first = alerts.alerts(session)[0]
        assert alerts.mark_seen(session, [first.id]) == 1
        assert alerts.unseen_count(session) == 4
        assert alerts.dismiss(session, [first.id]) == 1
    assert first.id not in {alert.id for alert in current_alerts(library)}


def test_an_item_missing_from_a_refreshed_feed_is_not_withdrawn(
    library: Library, server: FeedServer
) -> None:
    import_source(library, server.url)
    use(library)
    server.body = atom(entry("a", "Sleep briefing", "How babies settle."))
    refresh_subscriptions(library)
    assert set(statuses(library).values()) == {"current"}
    assert current_alerts(library) == []
    index = LibraryIndex(library)
    try:
        index.ensure_ready()
        assert index.search('"Old news"').total == 1
    finally:
        index.close()


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<channel><title>Attuned Practice Blog</title><link>https://blog.example.org/</link>
<description>Notes</description>{items}</channel></rss>"""
ITEM = (
    "<item><title>{title}</title><link>https://blog.example.org/{slug}</link>"
    "<guid>https://blog.example.org/{slug}</guid><description>{title}.</description>{extra}</item>"
)


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(ITEM.format(title=t, slug=s, extra=e) for t, s, e in items)
    return RSS.format(items=body).encode()


def test_dcterms_is_replaced_by_in_an_rss_feed(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "blog.xml"
    path.write_bytes(rss(("Sleep", "sleep", "")))
    import_source(library, str(path))
    old = "feed:https://blog.example.org/sleep"
    with library.db.session() as session:
        user_data.set_bookmark(session, old)
    replaced = '<dcterms:isReplacedBy rdf:resource="https://elsewhere.example.org/sleep-2"/>'
    path.write_bytes(rss(("Sleep", "sleep", replaced)))
    import_source(library, str(path))
    [alert] = current_alerts(library)
    assert (alert.uid, alert.change) == (old, "superseded")
    # Not in the library: the replacement stays an address, to open in the browser.
    assert alert.replacement == "https://elsewhere.example.org/sleep-2"
    assert alert.replacement_title == ""


def test_links_given_as_addresses_name_the_library_resource_and_a_same_feed_changes_nothing(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "blog.xml"
    path.write_bytes(rss(("Sleep", "sleep", "")))
    import_source(library, str(path))
    old, new = "feed:https://blog.example.org/sleep", "feed:https://blog.example.org/sleep-2"
    replaced = '<dcterms:isReplacedBy rdf:resource="https://blog.example.org/sleep-2"/>'
    replaces = '<dcterms:replaces rdf:resource="https://blog.example.org/sleep"/>'
    path.write_bytes(rss(("Sleep", "sleep", replaced), ("Sleep 2", "sleep-2", replaces)))
    first = import_source(library, str(path))
    assert (first.added, first.updated) == (1, 1)
    # The feed sent again, unchanged: nothing is updated, and each link names the
    # resource in the library (the detail pane shows its title, not the address).
    for _ in range(2):
        again = import_source(library, str(path))
        assert (again.added, again.updated) == (0, 0)
        with library.db.session() as session:
            before = catalogue.resource_detail(session, old)
            after = catalogue.resource_detail(session, new)
            assert before is not None and after is not None
            assert before.currency.superseded_by == new
            assert (after.currency.replaces, after.currency.replaces_title) == (old, "Sleep")


def test_a_change_from_another_source_is_not_an_update(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "blog.xml"
    path.write_bytes(rss(("Sleep", "sleep", "")))
    import_source(library, str(path))
    old = "feed:https://blog.example.org/sleep"
    with library.db.session() as session:
        user_data.set_bookmark(session, old)
    pack = write_pack(
        tmp_path / "other",
        [resource(old, title="Sleep, as another list has it", source="A reading list")],
    )
    assert import_source(library, str(pack)).status == "imported"
    assert current_alerts(library) == []


def test_a_grave_status_is_not_undone_by_an_older_pack(library: Library, tmp_path: Path) -> None:
    first = write_pack(tmp_path / "one", [resource("p/1", status="retracted")])
    library.import_pack(first)
    again = write_pack(tmp_path / "two", [resource("p/1", status="current")])
    library.import_pack(again)
    with library.db.session() as session:
        detail = catalogue.resource_detail(session, "p/1")
        assert detail is not None and detail.currency.status == "retracted"


def test_a_pack_with_an_unknown_status_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "bad", [resource("p/1", status="draft")])
    with pytest.raises(PackError, match="not a status"):
        read_pack(folder)


def test_status_filter(library: Library, tmp_path: Path) -> None:
    library.import_pack(
        write_pack(
            tmp_path / "p",
            [
                resource("p/old", title="Zebra guidance, first edition", status="superseded"),
                resource("p/new", title="Zebra guidance, second edition"),
                resource("p/gone", title="Zebra guidance, retracted", status="retracted"),
            ],
        )
    )
    index = LibraryIndex(library)
    try:
        index.ensure_ready()
        search = index.index.search
        assert [hit.uid for hit in search("zebra status:current").hits] == ["p/new"]
        assert [hit.uid for hit in search("zebra status:Superseded").hits] == ["p/old"]
        assert search("zebra").total == 3
        assert [h.uid for h in search("zebra", filters={"status": ["retracted"]}).hits] == [
            "p/gone"
        ]
        # The starter catalogue is current throughout.
        assert search("status:current").total == search("").total - 2
    finally:
        index.close()


CURRENCY = {
    "status": "superseded",
    "last_reviewed": "2026-11-30",
    "review_due": "2027-11-30",
    "superseded_by": "c/new",
}


def _collected(library: Library, tmp_path: Path) -> None:
    library.import_pack(
        write_pack(
            tmp_path / "src",
            [
                resource("c/old", **CURRENCY),
                resource("c/new", replaces="c/old", last_reviewed="2026-12-01"),
            ],
        )
    )
    with library.db.session() as session:
        user_data.create_collection(session, "Currency")
        user_data.add_to_collection(session, "Currency", ["c/old", "c/new"])


def _export(library: Library, target: Path, fmt: str) -> Path:
    with library.db.session() as session:
        export(
            session,
            select_collection(session, "Currency"),
            fmt,
            target,
            library.paths.attachments_dir,
        )
    return target


def _currency(library: Library, uid: str) -> tuple[object, ...]:
    with library.db.session() as session:
        detail = catalogue.resource_detail(session, uid)
        assert detail is not None
        c = detail.currency
        return (c.status, c.last_reviewed, c.review_due, c.superseded_by, c.replaces)


@pytest.mark.parametrize("fmt", ["pack", "csv", "json"])
def test_currency_round_trips_through_exports(library: Library, tmp_path: Path, fmt: str) -> None:
    _collected(library, tmp_path)
    target = _export(library, tmp_path / f"currency.{'imhpack' if fmt == 'pack' else fmt}", fmt)
    expected = {
        "c/old": ("superseded", date(2026, 11, 30), date(2027, 11, 30), "c/new", ""),
        "c/new": ("current", date(2026, 12, 1), None, "", "c/old"),
    }
    assert {uid: _currency(library, uid) for uid in expected} == expected
    other = open_library(tmp_path / "other")
    try:
        assert import_source(other, str(target)).status == "imported"
        # Lists name resources by uid, so the links between them survive too.
        assert {uid: _currency(other, uid) for uid in expected} == expected
    finally:
        other.close()


def test_csv_export_has_the_currency_columns(library: Library, tmp_path: Path) -> None:
    _collected(library, tmp_path)
    target = _export(library, tmp_path / "currency.csv", "csv")
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    assert [(r["uid"], r["status"], r["superseded_by"]) for r in rows] == [
        ("c/old", "superseded", "c/new"),
        ("c/new", "current", ""),
    ]
    document = json.loads(_export(library, tmp_path / "currency.json", "json").read_text("utf-8"))
    assert document["resources"][0]["review_due"] == "2027-11-30"


def test_an_unreadable_status_in_a_list_is_kept_as_a_detail(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("title,status,last reviewed\nA reading,draft,2026-10-01\n", "utf-8")
    assert import_source(library, str(path)).status == "imported"
    with library.db.session() as session:
        [detail] = [
            d
            for u in catalogue.all_uids(session)
            if (d := catalogue.resource_detail(session, u)) and d.document.title == "A reading"
        ]
    assert detail.currency.status == "current"
    assert detail.currency.last_reviewed == date(2026, 10, 1)
    assert ("status", "draft") in detail.extra


def test_a_handout_says_which_resources_are_no_longer_current(
    library: Library, tmp_path: Path
) -> None:
    _collected(library, tmp_path)
    handout = _export(library, tmp_path / "currency.html", "html").read_text("utf-8")
    assert "<strong>Superseded</strong> by c/new." in handout
    assert handout.count('class="status"') == 1  # the current one says nothing
