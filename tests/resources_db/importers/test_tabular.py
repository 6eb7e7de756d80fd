"""CSV and JSON lists with loosely named columns."""

from __future__ import annotations

from datetime import date

import pytest

from resources_db.importers import ImportRejected, detect_format, parse_source
from resources_db.importers.tabular import field_for, kind_for
from resources_db.importers.uids import title_uid
from tests.resources_db.importers import assert_one_sentence, by_title, parse_fixture


def test_csv_with_bom_and_loose_headers() -> None:
    parsed = parse_fixture("resources.csv")
    assert parsed.format == "csv" and parsed.feeds == []
    rows = by_title(parsed)
    assert len(rows) == 5  # the blank row is skipped
    jewels = rows["Rare Jewels: specialised parent-infant relationship teams in the UK"]
    assert jewels["uid"] == "url:https://parentinfantfoundation.org.uk/rare-jewels"
    assert jewels["kind"] == "report"
    assert jewels["published"] == date(2019, 9, 1)
    assert jewels["authors"] == ["Sally Hogg", "Parent-Infant Foundation"]
    assert jewels["topics"] == ["parent-infant teams", "commissioning"]
    assert jewels["summary"] == "Mapping of specialised teams across the UK."
    assert jewels["organisations"] == ["Parent-Infant Foundation"]
    assert jewels["audience"] == ["commissioner", "policy"]
    lockdown = rows["Babies in lockdown – listening to parents"]
    assert lockdown["published"] == date(2020, 8, 1)  # "August 2020"
    assert lockdown["summary"] == "Survey of 5,474 parents – café culture aside."
    webinar = rows["What is infant mental health? (webinar)"]
    assert webinar["kind"] == "video"
    assert webinar["published"] == date(2020, 6, 12)  # 12/06/2020, day first
    assert webinar["uid"] == title_uid("What is infant mental health? (webinar)", 2020)
    assert rows["Understanding the 1001 days"]["kind"] == "blog post"
    article = rows["Attachment in infancy (journal article)"]
    assert article["uid"] == "doi:10.1111/imhj.21234"
    assert article["published"] is None  # "sometime soon" is left empty


def test_windows_1252_semicolon_csv() -> None:
    rows = by_title(parse_fixture("resources-cp1252.csv"))
    assert set(rows) == {
        "Babies in lockdown – listening to parents",
        "Café conversations: fathers’ mental health",
    }
    cafe = rows["Café conversations: fathers’ mental health"]
    assert cafe["kind"] == "blog post"
    assert cafe["published"] == date(2021, 1, 1)
    assert cafe["authors"] == ["Jo Bloggs"]
    lockdown = rows["Babies in lockdown – listening to parents"]
    assert lockdown["topics"] == ["COVID-19", "parents"]
    # The same resource as in resources.csv: the uid is the same, so it merges.
    assert lockdown["uid"] == "url:https://www.bestbeginnings.org.uk/babies-in-lockdown"


def test_csv_without_title_column_is_rejected() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_fixture("no-title.csv")
    assert str(caught.value) == "no-title.csv has no title column, so its rows cannot be imported."


def test_csv_with_header_only_is_rejected() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(b"Title,URL\r\n", "empty.csv", "csv")
    assert_one_sentence(str(caught.value))


def test_a_quote_never_closed_is_rejected_not_read_as_one_row() -> None:
    """Found by a new user: the rest of the file became one resource's title."""
    data = b'Title,URL\n"unterminated,https://e.org\nOK,https://e.org/ok\n'
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "list.csv", "csv")
    assert str(caught.value) == (
        "list.csv has a quotation mark that is never closed, so its rows cannot be told "
        "apart; nothing was imported."
    )
    inches = parse_source(b'Title,URL\nA 5" screen guide,https://e.org/s\n', "list.csv", "csv")
    assert [r.fields["title"] for r in inches.pack.resources] == ['A 5" screen guide']


def test_tab_separated() -> None:
    parsed = parse_source(b"Name\tLink\nA\thttps://a.org/x/\n", "a.tsv", "csv")
    assert parsed.pack.resources[0].fields["url"] == "https://a.org/x/"
    assert parsed.pack.resources[0].uid == "url:https://a.org/x"


def test_json_array() -> None:
    parsed = parse_fixture("resources.json")
    assert parsed.format == "json"
    rows = by_title(parsed)
    assert len(rows) == 3  # the blank title is skipped
    report = rows["The First 1001 Days: an age of opportunity"]
    assert report["summary"] == "Why the earliest years matter."
    assert report["topics"] == ["policy", "first 1001 days"]
    assert report["organisations"] == ["First 1001 Days Movement"]
    talking = rows["Talking with babies"]
    assert talking["kind"] == "video"
    assert talking["published"] == date(2020, 3, 5)
    assert talking["authors"] == ["Jo Bloggs", "Sam Smith"]
    assert talking["duration_seconds"] == 270
    own = rows["A resource with its own uid"]
    assert own["uid"] == "my-own-id-1" and own["published"] == date(2019, 1, 1)


def test_json_resources_object() -> None:
    data = b'{"resources": [{"title": "Only one", "link": "https://a.org"}]}'
    parsed = parse_source(data, "one.json", "json")
    assert [r.uid for r in parsed.pack.resources] == ["url:https://a.org"]


@pytest.mark.parametrize(
    "data", [b"[1, 2]", b'{"items": 3}', b"[{", b"\xff\xfe\x00garbage", b'"text"']
)
def test_bad_json_is_rejected(data: bytes) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "bad.json", "json")
    assert_one_sentence(str(caught.value))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Author(s)", "authors"),
        ("Date Published", "published"),
        ("  URL ", "url"),
        ("Web address", "url"),
        ("KEYWORDS", "topics"),
        ("Organization", "organisations"),
        ("Colour", None),
    ],
)
def test_loose_headers(header: str, field: str | None) -> None:
    assert field_for(header) == field


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Podcast", "podcast episode"),
        ("Blog Post", "blog post"),
        ("open-letter", "open letter"),
        ("E-learning", "training"),
        ("", "report"),
        ("something else", "report"),
    ],
)
def test_kinds(value: str, kind: str) -> None:
    assert kind_for(value) == kind


def test_excel_unicode_text_export() -> None:
    data = "Title\tURL\nCafé notes\thttps://a.org/cafe\n".encode("utf-16")
    assert detect_format(data, "export.txt") == "csv"
    [resource] = parse_source(data, "export.txt", "csv").pack.resources
    assert resource.fields["title"] == "Café notes"


def test_no_column_is_dropped_and_written_dates_and_www_links_read() -> None:
    parsed = parse_fixture("reading-list.csv")
    rows = by_title(parsed)
    sleep = rows["Sleep and settling in the first year"]
    assert sleep["url"] == "https://www.example.org/sleep"
    assert sleep["published"] == date(2021, 3, 3)  # "3rd March 2021"
    assert sleep["authors"] == ["Sally Hogg", "S.A. Baldwin"]
    assert sleep["topics"] == ["sleep", "settling", "routines"]
    assert sleep["summary"] == "A practical guide for health visitors."  # the Notes column
    assert (sleep["journal"], sleep["volume"], sleep["issue"], sleep["pages"]) == (
        "Journal of Infant Studies",
        "12",
        "3",
        "201-215",
    )
    assert sleep["extra"] == [["Colour", "green"]]
    feeding = rows["Feeding and bonding"]
    assert feeding["published"] == date(2021, 3, 3)  # "03/03/2021", day first
    assert feeding["uid"] != sleep["uid"]  # the same link, another title
    play = rows["Play and talk"]
    # An unreadable date and a cell beyond the header row are kept as written.
    assert play["published"] is None
    assert play["extra"] == [
        ["Column 13", "kept beyond the header"],
        ["Date", "sometime in spring"],
    ]
    assert rows["Attachment in the early years"]["doi"] == "10.5555/att.2019.1"
    assert [(s.row, s.reason) for s in parsed.skipped] == [
        (4, "it has no title"),
        (7, "the same resource as row 6 (same DOI)"),
    ]


def test_a_second_summary_column_is_kept_rather_than_lost() -> None:
    data = b"Title,Abstract,Notes,Description\nSleep,The abstract.,A note.,The abstract.\n"
    [resource] = parse_source(data, "list.csv", "csv").pack.resources
    assert resource.fields["summary"] == "The abstract."
    assert resource.fields["extra"] == [["Notes", "A note."]]


def test_json_entries_keep_unknown_keys_and_report_entries_left_out() -> None:
    data = b'[{"title": "Sleep", "colour": "green", "rating": 4, "tags": ["a", "b"]}, {"url": "x"}]'
    parsed = parse_source(data, "list.json", "json")
    [resource] = parsed.pack.resources
    assert resource.fields["extra"] == [["colour", "green"], ["rating", "4"]]
    assert [(s.row, s.reason) for s in parsed.skipped] == [(2, "it has no title")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3rd March 2021", date(2021, 3, 3)),
        ("03/03/2021", date(2021, 3, 3)),
        ("12/06/2020", date(2020, 6, 12)),
        ("Wednesday, 3 March 2021", date(2021, 3, 3)),
        ("March 3rd, 2021", date(2021, 3, 3)),
        ("3 Sept 2021", date(2021, 9, 3)),
        ("03-Mar-2021", date(2021, 3, 3)),
        ("03/03/2021 14:30", date(2021, 3, 3)),
        ("3/3/21", date(2021, 3, 3)),
    ],
)
def test_dates_as_people_write_them(value: str, expected: date) -> None:
    data = f'Title,Date\nSleep,"{value}"\n'.encode()
    [resource] = parse_source(data, "list.csv", "csv").pack.resources
    assert resource.fields["published"] == expected
