"""Resources added by hand, and edits that survive re-imports and feed refreshes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from resources_db import catalogue, curation, edits, user_data
from resources_db.curation import KEEP, ResourceFields
from resources_db.database import create_library_engine, upgrade
from resources_db.importing import import_source
from resources_db.library import Library, open_library
from resources_db.models import Base
from resources_db.user_data import UserDataError
from search_index.sync import LibraryIndex
from tests.resources_db.packs_fixtures import resource, write_pack

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _pack(folder: Path, **fields: object) -> Path:
    values = {
        "title": "Sleep in the first year",
        "summary": "The source's summary.",
        "authors": ["Sally Hogg", "Jo Bloggs"],
        "topics": ["sleep"],
        **fields,
    }
    return write_pack(folder, [resource("src/1", **values)])


def _import(library: Library, source: Path) -> None:
    outcome = import_source(library, str(source))
    assert outcome.status == "imported", outcome.error


def _edit(library: Library, uid: str, values: ResourceFields) -> ResourceFields:
    with library.db.session() as session:
        return curation.edit_resource(session, uid, values)


def _detail(library: Library, uid: str) -> catalogue.ResourceDetail:
    with library.db.session() as session:
        found = catalogue.resource_detail(session, uid)
    assert found is not None
    return found


def test_an_edit_survives_a_reimport_and_the_sources_new_value_is_recorded(
    library: Library, tmp_path: Path
) -> None:
    _import(library, _pack(tmp_path / "v1"))
    _edit(library, "src/1", ResourceFields(title="Sleep in the first year of life"))
    _import(
        library, _pack(tmp_path / "v2", title="Sleep: the first year", summary="A new summary.")
    )
    detail = _detail(library, "src/1")
    assert detail.document.title == "Sleep in the first year of life"  # the user's, kept
    assert detail.document.summary == "A new summary."  # fields not edited follow the source
    [edit] = detail.edits
    assert (edit.field, edit.source_value, edit.source_changed) == (
        "title",
        "Sleep: the first year",
        True,
    )


def test_an_unchanged_source_does_not_flag_the_edit(library: Library, tmp_path: Path) -> None:
    _import(library, _pack(tmp_path / "v1"))
    _edit(library, "src/1", ResourceFields(authors=("Jo Bloggs", "Sally Hogg")))
    _import(library, _pack(tmp_path / "v1"))
    detail = _detail(library, "src/1")
    assert detail.document.authors == ("Jo Bloggs", "Sally Hogg")  # order as the user put it
    assert [(e.field, e.source_changed) for e in detail.edits] == [("authors", False)]
    assert detail.edits[0].source_value == ("Sally Hogg", "Jo Bloggs")


def test_use_source_value_puts_the_sources_value_back_and_forgets_the_edit(
    library: Library, tmp_path: Path
) -> None:
    _import(library, _pack(tmp_path / "v1"))
    _edit(
        library, "src/1", ResourceFields(topics=("sleep", "routines"), published=date(2021, 3, 1))
    )
    _import(library, _pack(tmp_path / "v2", topics=["sleep", "settling"]))
    with library.db.session() as session:
        replaced = curation.use_source_value(session, "src/1", "topics")
    assert replaced == ("routines", "sleep")
    detail = _detail(library, "src/1")
    assert detail.document.topics == ("settling", "sleep")
    assert [e.field for e in detail.edits] == ["published"]
    _import(library, _pack(tmp_path / "v3", topics=["feeding"]))
    assert _detail(library, "src/1").document.topics == ("feeding",)  # flows in again


def test_editing_back_to_the_sources_value_is_no_longer_an_edit(
    library: Library, tmp_path: Path
) -> None:
    _import(library, _pack(tmp_path / "v1"))
    undo = _edit(library, "src/1", ResourceFields(title="Mine", summary="My summary."))
    assert undo == ResourceFields(title="Sleep in the first year", summary="The source's summary.")
    assert len(_detail(library, "src/1").edits) == 2
    _edit(library, "src/1", undo)
    assert _detail(library, "src/1").edits == []
    assert _edit(library, "src/1", undo) == ResourceFields()  # nothing left to change


def test_a_source_that_catches_up_with_the_user_ends_the_edit(
    library: Library, tmp_path: Path
) -> None:
    _import(library, _pack(tmp_path / "v1"))
    _edit(library, "src/1", ResourceFields(title="Sleep in the first year (revised)"))
    _import(library, _pack(tmp_path / "v2", title="Sleep in the first year (revised)"))
    assert _detail(library, "src/1").edits == []
    _import(library, _pack(tmp_path / "v3", title="Sleep, revised again"))
    assert _detail(library, "src/1").document.title == "Sleep, revised again"


def test_an_edited_title_still_finds_its_reference_on_reimport(
    library: Library, tmp_path: Path
) -> None:
    # A CSV row with no DOI or link is known by its title: after the user
    # corrects the title, the same file must update it, not add a duplicate.
    csv = tmp_path / "list.csv"
    csv.write_text("Title,Year,Authors\nSleep and setling,2021,Jo Bloggs\n", encoding="utf-8")
    _import(library, csv)
    with library.db.session() as session:
        titles = catalogue.titles(session, catalogue.all_uids(session))
        [uid] = [u for u, title in titles.items() if title == "Sleep and setling"]
        before = catalogue.resource_count(session)
    _edit(library, uid, ResourceFields(title="Sleep and settling"))
    outcome = import_source(library, str(csv))
    assert (outcome.added, outcome.updated) == (0, 0)  # found again (not added); nothing new
    with library.db.session() as session:
        assert catalogue.resource_count(session) == before
    assert _detail(library, uid).document.title == "Sleep and settling"


def test_a_feed_refresh_keeps_an_edited_episode_title(library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "podcast.rss"
    shutil.copy(FIXTURES / "imports" / "podcast.rss", feed)
    _import(library, feed)
    with library.db.session() as session:
        uid = next(
            u
            for u in catalogue.all_uids(session)
            if catalogue.resource_detail(session, u).document.kind == "podcast episode"  # type: ignore[union-attr]
        )
    _edit(library, uid, ResourceFields(title="Episode one, as I call it"))
    _import(library, feed)
    assert _detail(library, uid).document.title == "Episode one, as I call it"


def test_add_resource_makes_a_local_uid_and_fills_every_field(library: Library) -> None:
    values = ResourceFields(
        kind="Report",
        title="  Our  service's   audit ",
        summary="What we found.",
        body="The full text.",
        url="https://example.org/audit",
        authors=("A. Person", "A. Person", "B. Other"),
        organisations=("Our Trust",),
        topics=("Audit", "sleep"),
        audience=("commissioner",),
        settings=("health visiting",),
        formats=("text",),
        published=date(2024, 5, 1),
        duration_seconds=90,
    )
    with library.db.session() as session:
        uid = curation.add_resource(session, values, library.paths.attachments_dir)
    assert uid.startswith("local/") and len(uid) == len("local/") + 36
    detail = _detail(library, uid)
    doc = detail.document
    assert (doc.kind, doc.title, doc.url) == ("report", "Our service's audit", values.url)
    assert doc.authors == ("A. Person", "B. Other")
    assert (doc.topics, doc.audience, doc.settings) == (
        ("audit", "sleep"),
        ("commissioner",),
        ("health visiting",),
    )
    assert (doc.published, detail.duration_seconds) == (date(2024, 5, 1), 90)
    assert detail.made_by_hand and detail.edits == []
    # Edits to one's own resource are simply written: there is no source to keep apart from.
    _edit(library, uid, ResourceFields(title="Our audit", duration_seconds=None))
    detail = _detail(library, uid)
    assert (detail.document.title, detail.duration_seconds, detail.edits) == ("Our audit", None, [])


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (ResourceFields(title="   "), "needs a title"),
        (ResourceFields(summary="no title"), "needs a title"),
        (ResourceFields(title="x", kind="spaceship"), "not a kind"),
        (ResourceFields(title="x", url="javascript:alert(1)"), "not a link"),
        (ResourceFields(title="x", url="example.org"), "not a link"),
        (ResourceFields(title="x", duration_seconds=-5), "negative"),
    ],
)
def test_bad_values_are_refused_with_one_sentence(
    library: Library, values: ResourceFields, words: str
) -> None:
    with library.db.session() as session:
        before = catalogue.resource_count(session)
    with pytest.raises(UserDataError, match=words) as refused, library.db.session() as session:
        curation.add_resource(session, values, library.paths.attachments_dir)
    assert str(refused.value).count(".") >= 1 and "\n" not in str(refused.value)
    with library.db.session() as session:
        assert catalogue.resource_count(session) == before


def test_edit_refuses_unknown_uids_and_fields_not_edited(library: Library) -> None:
    with pytest.raises(UserDataError, match="no resource"):
        _edit(library, "no/such", ResourceFields(title="x"))
    with (
        pytest.raises(UserDataError, match="has not been edited"),
        library.db.session() as session,
    ):
        curation.use_source_value(session, "imhaw-2020/week", "title")


def test_parse_published_reads_year_month_and_day() -> None:
    assert curation.parse_published("2020") == date(2020, 1, 1)
    assert curation.parse_published("2020-06") == date(2020, 6, 1)
    assert curation.parse_published("2020-06-08") == date(2020, 6, 8)
    assert curation.parse_published(" ") is None
    for bad in ("2020-13", "2020-02-30", "June 2020", "20"):
        with pytest.raises(UserDataError, match="not a date"):
            curation.parse_published(bad)


def test_resource_fields_name_only_what_is_given() -> None:
    values = ResourceFields(title="T", published=None)
    assert values.given() == {"title": "T", "published": None}
    assert values.kind is KEEP
    assert ResourceFields.of(values.given()) == values
    assert set(edits.EDITABLE_FIELDS) == set(ResourceFields.__dataclass_fields__)


# --- the schema ---------------------------------------------------------------------------


def test_a_0003_library_upgrades_keeping_user_data_and_can_then_curate(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(FIXTURES / "library-0003.sqlite3", root / "library.sqlite3")
    library = open_library(root)
    try:
        with library.db.session() as session:
            assert user_data.bookmark(session, "imhaw-2020/week").note == "fixture note"  # type: ignore[union-attr]
        _edit(library, "imhaw-2020/week", ResourceFields(title="The week"))
        assert [e.field for e in _detail(library, "imhaw-2020/week").edits] == ["title"]
        assert any(p.name.startswith("library-") for p in library.paths.backups_dir.iterdir())
    finally:
        library.close()


def test_the_migrations_build_exactly_the_models_tables(tmp_path: Path) -> None:
    engine = create_library_engine(tmp_path / "fresh.sqlite3")
    try:
        upgrade(engine, tmp_path / "backups")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_index_follows_edits(library: Library) -> None:
    index = LibraryIndex(library)
    try:
        index.ensure_ready()
        _edit(library, "imhaw-2020/week", ResourceFields(title="Zebracrossing week"))
        index.catch_up()
        assert [h.uid for h in index.search("zebracrossing").hits] == ["imhaw-2020/week"]
        assert index.check().ok
    finally:
        index.close()


def test_keep_edit_stops_pointing_at_the_sources_change(library: Library, tmp_path: Path) -> None:
    _import(library, _pack(tmp_path / "v1"))
    _edit(library, "src/1", ResourceFields(title="Mine"))
    _import(library, _pack(tmp_path / "v2", title="Theirs"))
    with library.db.session() as session:
        curation.keep_edit(session, "src/1", "title")
    [edit] = _detail(library, "src/1").edits
    assert (edit.source_value, edit.source_changed) == ("Theirs", False)
    assert _detail(library, "src/1").document.title == "Mine"
