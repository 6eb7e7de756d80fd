"""The CPD log and reflective accounts: what is kept, what is refused, the period's totals."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from resources_db import practice_export, practice_record
from resources_db.models import Base
from resources_db.practice_models import PRIVATE_TABLES
from resources_db.practice_record import (
    CpdDraft,
    PracticeError,
    ReflectionDraft,
    current_period,
)

WEEK = "imhaw-2020/week"
TODAY = date(2026, 12, 1)


def log(library, draft: CpdDraft) -> practice_record.CpdInfo:
    with library.db.session() as session:
        return practice_record.log_cpd(session, None, draft, TODAY)


def entries(library) -> list[practice_record.CpdInfo]:
    with library.db.session() as session:
        return practice_record.cpd_entries(session, None)


def test_learning_from_a_resource_takes_its_title_and_is_kept(library) -> None:
    made = log(
        library,
        CpdDraft(date(2026, 3, 2), "Study-Day", 90, True, WEEK, note="Used it in clinic."),
    )
    assert made.topic.startswith("Infant Mental Health Awareness Week 2020")
    assert made.method == "study day"
    [kept] = entries(library)
    assert (kept.id, kept.note, kept.minutes, kept.participatory) == (
        made.id,
        "Used it in clinic.",
        90,
        True,
    )


def test_free_standing_entry_needs_a_topic(library) -> None:
    with pytest.raises(PracticeError, match="topic"):
        log(library, CpdDraft(date(2026, 3, 2), "course", 60))
    made = log(library, CpdDraft(date(2026, 3, 2), "course", 60, topic="Safeguarding level 3"))
    assert made.uid == "" and made.topic == "Safeguarding level 3"


@pytest.mark.parametrize(
    ("draft", "words"),
    [
        (CpdDraft(TODAY, "reading", 0, uid=WEEK), "Minutes"),
        (CpdDraft(TODAY, "reading", 100 * 60 + 1, uid=WEEK), "Minutes"),
        (CpdDraft(date(2026, 12, 2), "reading", 30, uid=WEEK), "future"),
        (CpdDraft(TODAY, "knitting", 30, uid=WEEK), "not a CPD method"),
        (CpdDraft(TODAY, "reading", 30, uid="no/such"), "no resource"),
        (CpdDraft(TODAY, "reading", 30, uid=WEEK, code=["kindness"]), "Code's themes"),
    ],
)
def test_bad_entries_are_refused_in_one_sentence_and_nothing_is_kept(
    library, draft: CpdDraft, words: str
) -> None:
    with pytest.raises(PracticeError, match=words) as refused:
        log(library, draft)
    sentence = str(refused.value)
    assert sentence.endswith(".") and "\n" not in sentence
    assert entries(library) == []


def test_methods_and_themes_are_understood_as_people_write_them() -> None:
    assert practice_record.method_name("E-Learning") == "e-learning"
    assert practice_record.method_name("elearning") == "e-learning"
    assert practice_record.method_name("discussion_with_colleagues") == (
        "discussion with colleagues"
    )
    assert practice_record.code_themes(["trust", "People", "prioritise-people"]) == [
        "prioritise people",
        "promote professionalism and trust",
    ]


def test_the_period_is_the_three_years_ending_on_the_renewal_date() -> None:
    period = current_period(date(2027, 4, 30), TODAY)
    assert (period.start, period.end) == (date(2024, 5, 1), date(2027, 4, 30))
    # a renewal date already past moves on to the next one
    assert current_period(date(2025, 4, 30), TODAY).end == date(2028, 4, 30)
    # a date far ahead comes back to the period holding today
    assert current_period(date(2033, 4, 30), TODAY).end == date(2027, 4, 30)
    assert current_period(date(2028, 2, 29), TODAY).start == date(2025, 3, 1)


def test_totals_count_participatory_minutes_apart(library) -> None:
    log(library, CpdDraft(date(2026, 1, 5), "podcast", 45, uid=WEEK))
    log(library, CpdDraft(date(2026, 2, 5), "study day", 360, True, topic="Perinatal day"))
    assert practice_record.totals(entries(library)) == (405, 360)
    with library.db.session() as session:
        february = practice_record.cpd_entries(session, None, date(2026, 2, 1), date(2026, 2, 28))
    assert [e.topic for e in february] == ["Perinatal day"]


def test_edit_and_delete_an_entry(library) -> None:
    made = log(library, CpdDraft(date(2026, 1, 5), "podcast", 45, uid=WEEK))
    with library.db.session() as session:
        practice_record.update_cpd(
            session, None, made.id, CpdDraft(date(2026, 1, 6), "reading", 50, uid=WEEK), TODAY
        )
    assert [(e.day, e.minutes) for e in entries(library)] == [(date(2026, 1, 6), 50)]
    with library.db.session() as session:
        gone = practice_record.delete_cpd(session, None, made.id)
    assert gone.minutes == 50 and entries(library) == []
    with pytest.raises(PracticeError, match="no CPD entry"), library.db.session() as session:
        practice_record.delete_cpd(session, None, made.id)


def account(**changes: object) -> ReflectionDraft:
    fields: dict[str, object] = {
        "title": "Feedback from a parent",
        "what": "A parent said the video helped.",
        "learned": "Short clips land better than leaflets.",
        "changed": "I now show a clip at the first visit.",
        "code": ["people", "effectively"],
    }
    fields.update(changes)
    return ReflectionDraft(**fields)  # type: ignore[arg-type]


def test_reflective_account_links_cpd_entries_and_survives_their_deletion(library) -> None:
    made = log(library, CpdDraft(date(2026, 1, 5), "podcast", 45, uid=WEEK))
    with library.db.session() as session:
        written = practice_record.add_reflection(
            session, None, account(cpd_ids=[made.id, made.id]), TODAY
        )
    assert written.cpd_ids == [made.id] and written.written == TODAY
    assert written.code == ["prioritise people", "practise effectively"]
    with library.db.session() as session:
        practice_record.delete_cpd(session, None, made.id)
    with library.db.session() as session:
        [kept] = practice_record.reflections(session, None)
    assert kept.cpd_ids == [] and kept.learned == "Short clips land better than leaflets."


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"what": "  "}, "what happened"),
        ({"changed": ""}, "changed or improved"),
        ({"code": []}, "at least one"),
        ({"cpd_ids": [99]}, "no CPD entry 99"),
    ],
)
def test_incomplete_accounts_are_refused(library, changes: dict, words: str) -> None:
    with pytest.raises(PracticeError, match=words), library.db.session() as session:
        practice_record.add_reflection(session, None, account(**changes), TODAY)
    with library.db.session() as session:
        assert practice_record.reflections(session, None) == []


def test_cpd_log_exports_in_the_nmc_columns(library) -> None:
    log(library, CpdDraft(date(2026, 1, 5), "podcast", 45, uid=WEEK, note='Said "yes", then'))
    log(library, CpdDraft(date(2026, 2, 5), "study day", 390, True, topic="<Perinatal> day"))
    found = entries(library)
    with library.db.session() as session:
        links = practice_record.resource_links(session, {WEEK})
    rows = list(csv.reader(io.StringIO(practice_export.cpd_csv(found, links))))
    assert rows[0] == list(practice_export.CPD_COLUMNS)
    assert rows[1][:6] == ["2026-01-05", "Podcast", found[0].topic, 'Said "yes", then', "0.75", "0"]
    assert rows[2][4:6] == ["6.5", "6.5"]
    html = practice_export.cpd_html(found, links)
    assert "&lt;Perinatal&gt; day" in html and "<Perinatal>" not in html
    assert "7.25" in html  # the total hours


def test_reflections_print_with_the_forms_own_questions(library) -> None:
    with library.db.session() as session:
        practice_record.add_reflection(session, None, account(), TODAY)
        practice_record.add_reflection(session, None, account(title="Second <b>"), TODAY)
        accounts = practice_record.reflections(session, None)
    html = practice_export.reflections_html(accounts, {})
    for _name, question in practice_export.FORM_QUESTIONS:
        assert html.count(question) == 2
    assert html.count("How is this relevant to the Code?") == 2
    assert "☒ Prioritise people" in html and "☐ Preserve safety" in html
    assert "Second &lt;b&gt;" in html
    assert html.count('class="form"') == 2


def test_the_models_and_the_migration_agree(library) -> None:
    with library.db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in differences if any(t in repr(d) for t in PRIVATE_TABLES)]
    assert ours == []
