"""PDFs become one report each, with the file attached and its text as the body."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from resources_db.importers import ImportRejected, parse_source
from resources_db.importers.uids import pdf_uid
from tests.resources_db.importers import FIXTURES, assert_one_sentence, parse_fixture


def make_pdf(
    pages: list[list[str]], metadata: dict[str, str] | None = None, password: str = ""
) -> bytes:
    """A real PDF whose pages show the given lines in Helvetica."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        escaped = (
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines
        )
        commands = [
            "BT",
            "/F1 12 Tf",
            "14 TL",
            "72 770 Td",
            *(f"({t}) Tj T*" for t in escaped),
            "ET",
        ]
        stream = DecodedStreamObject()
        stream.set_data("\n".join(commands).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    if metadata:
        writer.add_metadata(metadata)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_sample_pdf() -> None:
    parsed = parse_fixture("best-start.pdf")
    assert parsed.format == "pdf" and parsed.feeds == []
    [resource] = parsed.pack.resources
    data = (FIXTURES / "best-start.pdf").read_bytes()
    fields = resource.fields
    assert fields["uid"] == pdf_uid(data)
    assert fields["kind"] == "report" and fields["formats"] == ["document"]
    # No /Title in the metadata: the first non-empty line of page 1.
    assert fields["title"] == "Best Start for Life"
    assert "A Vision for the 1,001 Critical Days" in fields["body"]
    assert fields["body"].endswith("Every baby deserves the best start in life.")
    assert fields["authors"] == ["Department of Health and Social Care"]
    assert fields["topics"] == ["first 1001 days", "policy"]
    assert fields["published"] == date(2021, 3, 25)
    [attachment] = resource.attachments
    assert attachment.path == "best-start.pdf"
    assert attachment.title == "Best Start for Life"
    assert attachment.media_type == "application/pdf"
    assert attachment.data == data


def test_metadata_title_wins() -> None:
    data = make_pdf([["Cover page"]], {"/Title": "Rare Jewels", "/Subject": "Teams in the UK"})
    [resource] = parse_source(data, "C:\\Users\\me\\rare.pdf", "pdf").pack.resources
    assert resource.fields["title"] == "Rare Jewels"
    assert resource.fields["summary"] == "Teams in the UK"
    assert resource.attachments[0].path == "rare.pdf"


def test_pdf_without_text_is_named_after_the_file() -> None:
    [resource] = parse_source(make_pdf([[]]), "scanned-leaflet.pdf", "pdf").pack.resources
    assert resource.fields["title"] == "scanned-leaflet"
    assert resource.fields["body"] == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Hello, I am a text file.", "fake.pdf is not a PDF file."),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "fake.pdf is a damaged PDF that cannot be read."),
    ],
)
def test_broken_pdfs_are_rejected(data: bytes, message: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "fake.pdf", "pdf")
    assert str(caught.value) == message


def test_encrypted_pdf_is_rejected() -> None:
    data = make_pdf([["Secret"]], password="hunter2")
    with pytest.raises(ImportRejected) as caught:
        parse_source(data, "secret.pdf", "pdf")
    assert str(caught.value) == "secret.pdf is encrypted, so its text cannot be read."
    assert_one_sentence(str(caught.value))


WRAPPED = [
    "Babies learn through the relationships around them, and the first",
    "thousand days shape how they grow, learn and relate to others in",
    "later life.",
    "",
    "Health visitors see every family at least five times before the child",
    "turns two and a half, which makes them well placed to notice develop-",
    "ment that needs support.",
    "",
    "Key points",
    "- Relationships matter",
    "- Early help works",
]


def test_full_text_keeps_its_paragraphs() -> None:
    [resource] = parse_source(make_pdf([WRAPPED]), "leaflet.pdf", "pdf").pack.resources
    assert resource.fields["body"].split("\n\n") == [
        "Babies learn through the relationships around them, and the first thousand days "
        "shape how they grow, learn and relate to others in later life.",
        "Health visitors see every family at least five times before the child turns two "
        "and a half, which makes them well placed to notice development that needs support.",
        "Key points\n- Relationships matter\n- Early help works",
    ]
    assert resource.fields["title"] == WRAPPED[0]


def _with_xmp(data: bytes, dc_date: str) -> bytes:
    from pypdf import PdfReader
    from pypdf.xmp import XmpInformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    xmp = XmpInformation.create()
    xmp.dc_date = [dc_date]
    writer.xmp_metadata = xmp
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("metadata", "xmp_date", "published"),
    [
        ({}, "2020-06-08", date(2020, 6, 8)),  # XMP only, as many publishing tools write it
        ({"/CreationDate": "D:20190301"}, "2021-03-25", date(2021, 3, 25)),  # dc:date wins
        ({"/CreationDate": "2021-03-25T10:00:00"}, "", date(2021, 3, 25)),  # not a D: stamp
        ({"/CreationDate": "D:20210325120000+00'00'"}, "", date(2021, 3, 25)),
        ({}, "", None),
    ],
)
def test_published_date_from_the_documents_metadata(
    metadata: dict[str, str], xmp_date: str, published: date | None
) -> None:
    data = make_pdf([["Report"]], metadata or None)
    if xmp_date:
        data = _with_xmp(data, xmp_date)
    [resource] = parse_source(data, "report.pdf", "pdf").pack.resources
    assert resource.fields["published"] == published
