"""The gentle check for identifying details in a reflective account."""

from __future__ import annotations

import pytest

from resources_db.practice_privacy import identifying_hints, warning


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Visited Mrs Patel at home.", "a name (Mrs Patel)"),
        ("After supervision with Sarah I changed how I start visits.", "a name (Sarah)"),
        ("Her NHS number is 943 476 5919.", "an NHS number"),
        ("Reference 9434765919 was on the letter.", "an NHS number"),
        ("The baby was born on 12/03/2024.", "a date of birth"),
        ("DOB 01.02.23", "a date of birth"),
    ],
)
def test_identifying_details_are_pointed_out(text: str, words: str) -> None:
    sentence = warning(identifying_hints(text))
    assert words in sentence and sentence.endswith(".")
    assert "identify no patient, service user or colleague" in sentence


@pytest.mark.parametrize(
    "text",
    [
        "I visited a family on Monday. The mother said the video helped.",
        "The Health Visiting team at the Trust uses the Code. We met in March.",
        "I listened to an NHS podcast about CAMHS and IMH with my team.",
        "",
    ],
)
def test_ordinary_practice_writing_raises_no_warning(text: str) -> None:
    assert identifying_hints(text) == [] and warning([]) == ""
