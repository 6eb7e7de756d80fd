"""RIS as Zotero exports it (CRLF line ends, DA with slashes, unknown tags)."""

from __future__ import annotations

from datetime import date

import pytest

from resources_db.importers import ImportRejected, detect_format, parse_source
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


def test_references_are_read_as_zotero_reads_them() -> None:
    parsed = parse_fixture("references.ris")
    refs = by_title(parsed)
    article = refs["Parent-infant psychotherapy for mothers with depression"]
    # "TY - JOUR" (one space) is a tag; AU and A1 together, in the file's order, First Last.
    assert article["kind"] == "journal article"
    assert article["authors"] == ["Zoe Adams", "Charles H. Zeanah", "S.A. Baldwin"]
    assert article["journal"] == "Journal of Infant Studies"
    assert (article["volume"], article["issue"], article["pages"]) == ("12", "3", "201-215")
    assert article["doi"] == "10.5555/jis.2018.0003"
    assert article["uid"] == "doi:10.5555/jis.2018.0003"
    assert article["summary"] == "First paragraph of the abstract,\nwhich runs on to a second line."
    assert article["topics"] == ["attachment", "depression", "psychotherapy"]
    assert article["url"] == ""  # "http://" is a placeholder, not a link
    assert article["extra"] == [
        ["Notes", "Reviewed for the induction reading list.\nIt carries on here."]
    ]
    chapter = refs["Holding the baby in mind"]
    assert (chapter["kind"], chapter["journal"], chapter["pages"]) == (
        "book chapter",
        "Handbook of Perinatal Mental Health",
        "45-67",
    )
    assert chapter["organisations"] == ["Example Press"]
    assert ["Place", "London"] in chapter["extra"]
    thesis = refs["Fathers and the first year"]
    assert thesis["kind"] == "thesis" and thesis["pages"] == ""
    assert ["Number of pages", "312"] in thesis["extra"]
    assert refs["Infant mental health week"]["url"] == "https://www.example.org/imh-week"
    assert refs["Screening in the first 1001 days"]["published"] == date(2021, 5, 12)
    kinds = {title: fields["kind"] for title, fields in refs.items()}
    assert kinds["Screening in the first 1001 days"] == "conference paper"
    assert kinds["Infant mental health week"] == "web page"
    assert kinds["A soothing cot"] == "patent"
    assert kinds["Re A (A Child)"] == "legal"
    assert kinds["Babies: the first year"] == "film"
    assert kinds["The baby in mind"] == "book"
    assert [(s.row, s.reason) for s in parsed.skipped] == [
        (10, "it has no title"),
        (11, "the same resource as reference 1 (same DOI)"),
    ]


@pytest.mark.parametrize(
    ("ty", "kind"),
    [
        ("JOUR", "journal article"),
        ("EJOUR", "journal article"),
        ("BOOK", "book"),
        ("EDBOOK", "book"),
        ("CHAP", "book chapter"),
        ("RPRT", "report"),
        ("GOVDOC", "report"),
        ("THES", "thesis"),
        ("CPAPER", "conference paper"),
        ("CONF", "conference paper"),
        ("ELEC", "web page"),
        ("BLOG", "blog post"),
        ("PAT", "patent"),
        ("STAT", "legal"),
        ("MPCT", "film"),
        ("VIDEO", "video"),
        ("SOUND", "audio"),
        ("NEWS", "news article"),
        ("MGZN", "magazine article"),
        ("DATA", "dataset"),
        ("GEN", "document"),
        ("XYZ", "document"),
    ],
)
def test_every_type_has_a_sensible_kind(ty: str, kind: str) -> None:
    data = f"TY  - {ty}\nTI  - A reference\nER  - \n".encode()
    [resource] = parse_source(data, "one.ris", "ris").pack.resources
    assert resource.fields["kind"] == kind


def test_one_space_before_the_dash_is_detected_and_read() -> None:
    data = b"TY - JOUR\r\nTI - Sleep\r\nAU - Hogg, Sally\r\nER - \r\n"
    assert detect_format(data, "export.txt") == "ris"
    [resource] = parse_source(data, "export.txt", "ris").pack.resources
    assert (resource.fields["title"], resource.fields["authors"]) == ("Sleep", ["Sally Hogg"])


def test_a_single_keyword_line_is_split_on_commas_and_notes_repeating_the_title_go() -> None:
    data = b"TY  - JOUR\nTI  - Sleep\nKW  - sleep, settling\nN1  - Sleep\nER  - \n"
    [resource] = parse_source(data, "one.ris", "ris").pack.resources
    assert resource.fields["topics"] == ["sleep", "settling"]
    assert resource.fields["extra"] == []
