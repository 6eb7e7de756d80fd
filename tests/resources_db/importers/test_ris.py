"""RIS as Zotero exports it (CRLF line ends, DA with slashes, unknown tags)."""

from __future__ import annotations

from datetime import date

import pytest

from resources_db.importers import ImportRejected, parse_source
from tests.resources_db.importers import assert_one_sentence, by_title, parse_fixture


def test_ris_references() -> None:
    parsed = parse_fixture("library.ris")
    assert parsed.format == "ris"
    refs = by_title(parsed)
    assert len(refs) == 4
    jewels = refs["Rare Jewels: Specialised Parent-Infant Relationship Teams in the UK"]
    assert jewels["kind"] == "report"
    assert jewels["authors"] == ["Sally Hogg"]
    assert jewels["published"] == date(2019, 9, 1)
    assert jewels["organisations"] == ["Parent-Infant Foundation"]
    assert jewels["topics"] == ["parent-infant teams", "commissioning"]
    assert jewels["uid"] == "url:https://parentinfantfoundation.org.uk/rare-jewels"
    article = refs["Infant mental health: the clinical science of early experience"]
    assert article["uid"] == "doi:10.1002/imhj.21780"
    assert article["journal"] == "Infant Mental Health Journal"
    assert (article["volume"], article["issue"], article["pages"]) == ("40", "1", "1-12")
    assert article["doi"] == "10.1002/imhj.21780"
    assert article["kind"] == "journal article"
    assert article["authors"] == ["Charles H. Zeanah", "Paula D. Zeanah"]
    assert article["published"] == date(2019, 1, 1)
    assert article["summary"] == "Reviews the field."
    assert refs["Why babies matter"]["kind"] == "blog post"
    assert refs["Serve and return"]["kind"] == "video"


def test_unterminated_last_reference_is_kept() -> None:
    parsed = parse_source(b"TY  - RPRT\nTI  - Cut short\nPY  - 2020\n", "cut.ris", "ris")
    assert [r.fields["title"] for r in parsed.pack.resources] == ["Cut short"]


@pytest.mark.parametrize("data", [b"TY  - JOUR\nER  - \n", b"no tags at all", b""])
def test_ris_without_titled_references_is_rejected(data: bytes) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "refs.ris", "ris")
    assert_one_sentence(str(caught.value))
