"""Every transcript and chapters format the library reads, from files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resources_db.transcripts.chapters import chapters_from_notes
from resources_db.transcripts.model import Chapter, Cue
from resources_db.transcripts.reading import (
    is_chapters_file,
    read_chapters,
    read_transcript,
    transcript_format,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "transcripts"


def read(name: str, declared: str = ""):  # type: ignore[no-untyped-def]
    return read_transcript((FIXTURES / name).read_bytes(), name, declared)


def test_webvtt_speakers_ids_notes_bom_and_unpadded_times() -> None:
    transcript = read("episode.vtt")
    assert transcript.format == "vtt" and transcript.timed
    first = transcript.cues[0]
    # The BOM, header text, NOTE and STYLE blocks are not speech; entities are decoded.
    assert first == Cue(
        0.0, 4.5, "Welcome to the Little Minds podcast & thank you for listening.", "Amy Brown"
    )
    # One cue with two voices becomes two cues at the same time, each with its speaker.
    assert [(c.start, c.speaker) for c in transcript.cues[1:3]] == [
        (4.5, "Amy Brown"),
        (4.5, "Ben Okafor"),
    ]
    # Class tags and karaoke timestamps leave no trace in the words.
    assert "reconnecting, what we call serve" in transcript.cues[3].text
    assert transcript.cues[4].text == "and return, again and again."
    # Un-padded times keep their milliseconds (webvtt-py's start_in_seconds would not).
    assert transcript.cues[2].end == 9.25
    assert transcript.cues[-1].start == 3723.5


def test_srt_comma_milliseconds_and_name_colon_speakers() -> None:
    transcript = read("episode.srt")
    assert transcript.format == "srt"
    assert transcript.cues[0] == Cue(1.2, 4.0, "Welcome back to Little Minds.", "AMY BROWN")
    # A cue with no name carries on the speaker's turn.
    assert transcript.cues[1].speaker == "AMY BROWN"
    assert transcript.cues[2].text == "Night waking is normal & expected for young babies."
    assert transcript.cues[2].speaker == "DR CHEN"
    assert transcript.cues[4].end == 74.02
    # "Note:" begins a sentence; it names no one.
    assert transcript.cues[4].text.startswith("Note: a steady")


def test_srt_without_cue_numbers_reads_as_with_them() -> None:
    """Found by a new user: some tools write SRT with no number before each cue,
    and webvtt-py refused the whole file."""
    numbered = (FIXTURES / "episode.srt").read_bytes().decode("utf-8")
    blocks = numbered.replace("\r\n", "\n").strip().split("\n\n")
    bare = "\n\n".join(block.split("\n", 1)[1] for block in blocks).encode()
    assert transcript_format(bare, "episode") == "srt"  # told by its content
    assert read_transcript(bare, "episode").cues == read("episode.srt").cues


def test_podcast_json_words_are_merged_into_cues() -> None:
    transcript = read("episode.json")
    assert transcript.format == "json"
    assert [(c.start, c.end, c.speaker, c.text) for c in transcript.cues] == [
        (0.0, 1.7, "Amy Brown", "Hello and welcome."),
        (2.0, 4.4, "Amy Brown", "Today we discuss perinatal depression."),
        (5.0, 7.0, "Ben Okafor", "It affects fathers too, doesn't it?"),
        (40.25, 41.6, "Ben Okafor", "Much later."),
    ]


def test_json_cues_stay_short_when_nobody_pauses() -> None:
    words = [
        {"speaker": "A", "startTime": i * 0.3, "endTime": i * 0.3 + 0.3, "body": "word"}
        for i in range(200)
    ]
    data = json.dumps({"segments": words}).encode()
    cues = read_transcript(data, "long.json").cues
    assert len(cues) > 5
    assert all(cue.end - cue.start <= 9 for cue in cues)


def test_html_cite_speakers_and_time_per_paragraph() -> None:
    transcript = read("episode.html")
    assert transcript.format == "html" and transcript.timed
    speakers = [(c.start, c.speaker) for c in transcript.cues]
    assert speakers == [
        (0.0, "Amy Brown"),
        (7.0, "Ben Okafor"),
        (7.0, "Ben Okafor"),
        (3750.0, "Amy Brown"),
    ]
    assert (
        transcript.cues[0].text
        == "Welcome to episode fourteen & our talk on parental mental health."
    )
    assert not any("ignored" in cue.text or "Transcript:" in cue.text for cue in transcript.cues)


def test_plain_text_with_leading_timecodes() -> None:
    transcript = read("episode-timed.txt")
    assert transcript.timed
    assert [(c.start, c.speaker) for c in transcript.cues] == [
        (0.0, "Amy Brown"),
        (6.0, "Ben Okafor"),
        (75.0, "Amy Brown"),
    ]
    # Lines without a time belong to the cue above them.
    assert transcript.cues[1].text.endswith("It is a window of opportunity.")


def test_plain_text_with_speaker_and_time_lines() -> None:
    transcript = read("episode-speaker-lines.txt")
    assert [(c.start, c.speaker) for c in transcript.cues] == [
        (3.0, "Amy Brown"),
        (12.0, "Ben Okafor"),
        (3845.0, "Amy Brown"),
    ]
    assert "Crying peaks at around six weeks." in transcript.cues[1].text


def test_revs_name_colon_time_lines() -> None:
    text = (
        "Amy Brown: (00:03)\nWelcome back.\n\n"
        "Ben Okafor: (01:02)\nCrying peaks at around six weeks.\n\n"
        "Amy Brown (01:04:05):\nThank you.\n"
    )
    transcript = read_transcript(text.encode(), "rev.txt")
    assert transcript.timed
    assert [(c.start, c.speaker, c.text) for c in transcript.cues] == [
        (3.0, "Amy Brown", "Welcome back."),
        (62.0, "Ben Okafor", "Crying peaks at around six weeks."),
        (3845.0, "Amy Brown", "Thank you."),
    ]


def test_a_title_line_names_no_speaker() -> None:
    for title in ("Transcript: Dads in the perinatal period", "Episode 12: Dads"):
        text = f"{title}\n\nAmy Brown: Welcome back.\n\nBen Okafor: Thank you.\n"
        transcript = read_transcript(text.encode(), "untimed.txt")
        assert [(c.speaker, c.text) for c in transcript.cues] == [
            ("", title),
            ("Amy Brown", "Welcome back."),
            ("Ben Okafor", "Thank you."),
        ]


def test_plain_text_without_times_is_untimed_paragraphs() -> None:
    transcript = read("episode-untimed.txt")
    assert not transcript.timed
    assert [c.speaker for c in transcript.cues] == ["Amy Brown", "Ben Okafor", "Amy Brown"]
    assert transcript.cues[1].text == "Attachment is a relationship, not a parenting style."


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("text/vtt", "vtt"),
        ("application/x-subrip", "srt"),
        ("application/srt", "srt"),
        ("text/srt", "srt"),
        ("application/json", "json"),
        ("text/html; charset=utf-8", "html"),
        ("text/plain", "text"),
    ],
)
def test_declared_media_types(declared: str, expected: str) -> None:
    assert transcript_format(b"some words", "transcript", declared) == expected


def test_content_wins_over_a_wrong_declared_type() -> None:
    data = (FIXTURES / "episode.vtt").read_bytes()
    assert read_transcript(data, "t", "text/plain").format == "vtt"
    srt = (FIXTURES / "episode.srt").read_bytes()
    assert read_transcript(srt, "t", "text/html").format == "srt"


def test_chapters_json_skips_hidden_entries_and_unsafe_links() -> None:
    chapters = read_chapters((FIXTURES / "chapters.json").read_bytes(), "chapters.json")
    assert chapters == [
        Chapter(0.0, "Introduction"),
        Chapter(95.5, "What is rupture and repair?", "https://example.org/repair"),
        Chapter(600.0, "Questions from listeners"),
        Chapter(1200.25, "Closing & thanks"),
    ]


def test_podlove_simple_chapters() -> None:
    chapters = read_chapters((FIXTURES / "chapters-podlove.xml").read_bytes(), "c.xml")
    assert chapters == [
        Chapter(0.0, "Welcome"),
        Chapter(150.0, "Sleep in the first year", "https://example.org/sleep"),
        Chapter(3900.5, "Questions"),
    ]


def test_chapters_from_show_note_lines() -> None:
    notes = (FIXTURES / "show-notes.html").read_text()
    assert chapters_from_notes(notes) == [
        Chapter(0.0, "Introduction"),
        Chapter(330.0, "Why repair matters"),
        Chapter(754.0, "Serve and return"),
        Chapter(3723.0, "Closing thoughts"),
    ]


def test_a_time_mentioned_in_passing_is_no_chapter_list() -> None:
    assert chapters_from_notes("<p>We met at 10:30 and again at 14:00.</p>") == []
    assert chapters_from_notes("2:00 Two\n1:00 One\n3:00 Three") == []  # out of order


def test_chapter_files_are_told_from_transcripts() -> None:
    assert is_chapters_file((FIXTURES / "chapters.json").read_bytes(), "c.json")
    assert is_chapters_file((FIXTURES / "chapters-podlove.xml").read_bytes(), "c.xml")
    assert not is_chapters_file((FIXTURES / "episode.json").read_bytes(), "e.json")
    assert not is_chapters_file((FIXTURES / "episode.vtt").read_bytes(), "e.vtt")


def test_utf16_and_windows_1252_text() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nCafé crèche\n"
    assert read_transcript(text.encode("utf-16"), "a.vtt").cues[0].text == "Café crèche"
    assert read_transcript(text.encode("cp1252"), "b.vtt").cues[0].text == "Café crèche"
