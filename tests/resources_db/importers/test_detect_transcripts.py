"""A transcript given to import without --for is named as one, not misread as a list."""

from __future__ import annotations

import pytest

from resources_db.importers.common import ImportRejected
from resources_db.importers.detect import detect_format

WEBVTT = "\ufeffWEBVTT\n\n1\n0:01.000 --> 0:04.000\n<v Amy>Hello.\n"
SRT = "1\r\n00:00:01,000 --> 00:00:02,500\r\nAmy: Hello, and welcome.\r\n"
TIMED_TEXT = "[00:00:00] Helen Ward: Welcome.\n[00:00:06] Oliver Grant: Thank you.\n"


@pytest.mark.parametrize(
    ("text", "name"),
    [(WEBVTT, "talk.vtt"), (SRT, "talk.srt"), (TIMED_TEXT, "talk.txt"), (SRT, "talk.csv")],
)
def test_a_transcript_is_pointed_to_its_episode(text: str, name: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        detect_format(text.encode("utf-8"), f"downloads/{name}")
    assert str(caught.value) == (
        f"{name} is a transcript, which belongs to an episode: import it with --for UID, "
        "or drop it on the episode in the window."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[{"title": "Serve and return"}]', "json"),
        ("title,url\n12:30 session,https://example.org\n", "csv"),
        ("TY  - RPRT\nTI  - 10:30 briefing\nER  - \n", "ris"),
    ],
)
def test_lists_that_mention_times_are_still_lists(text: str, expected: str) -> None:
    assert detect_format(text.encode("utf-8"), "list.dat") == expected
