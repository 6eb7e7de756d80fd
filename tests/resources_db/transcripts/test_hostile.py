"""Broken and hostile transcript files are refused with one sentence, never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources_db.transcripts.model import TranscriptRejected
from resources_db.transcripts.reading import read_chapters, read_transcript
from resources_db.transcripts.text import MAX_TRANSCRIPT_BYTES

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">
<psc:chapter start="0" title="&lol2;"/></psc:chapters>"""


def one_sentence(error: TranscriptRejected) -> str:
    text = str(error)
    assert text.endswith(".") and "\n" not in text and "Traceback" not in text
    return text


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"WEBVTT\n\nnot a cue at all\n", "a.vtt", "no cues"),
        (b"no header\n\n00:01.000 --> 00:02.000\nhi\n", "k.vtt", "WebVTT"),
        (b"WEBVTT\n\n00:99.000 --> 00:01.000\nbad minutes\n", "b.vtt", "no cues"),
        (b"1\nsoon --> later\nhello\n", "c.srt", "no cues"),
        (b'{"segments": [{"startTime": "soon", "body": "hi"}]}', "d.json", "not a number"),
        (b'{"segments": [{"startTime": 1e300, "body": "hi"}]}', "e.json", "outside"),
        (b'{"segments": [{"startTime": NaN, "body": "hi"}]}', "f.json", "JSON"),
        (b'{"segments": "words"}', "g.json", "no segments"),
        (b"[" * 100_000 + b"]" * 100_000, "h.json", "nested"),
        (b"\x00\x01\x02binary", "i.txt", "not a text file"),
        (b"   \n\n  ", "j.txt", "no transcript text"),
    ],
)
def test_broken_transcripts_are_refused(data: bytes, name: str, words: str) -> None:
    with pytest.raises(TranscriptRejected) as caught:
        read_transcript(data, name)
    assert words in one_sentence(caught.value)
    assert name in str(caught.value)


def test_entity_bombs_are_refused() -> None:
    with pytest.raises(TranscriptRejected) as caught:
        read_chapters(BOMB, "bomb.xml")
    assert one_sentence(caught.value) == (
        "bomb.xml declares a DTD or XML entities, which IMH Library refuses."
    )


def test_an_entity_bomb_in_html_is_refused() -> None:
    bomb = BOMB.replace(
        b'<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">\n'
        b'<psc:chapter start="0" title="&lol2;"/></psc:chapters>',
        b"<html><body><cite>Evil:</cite><time>0:01</time><p>&lol2;</p></body></html>",
    )
    assert b"<html>" in bomb
    with pytest.raises(TranscriptRejected) as caught:
        read_transcript(bomb, "bomb.html", "text/html")
    assert "entities" in one_sentence(caught.value)


def test_oversized_files_are_refused_before_reading() -> None:
    with pytest.raises(TranscriptRejected, match="larger than"):
        read_transcript(b"WEBVTT\n\n" + b" " * (MAX_TRANSCRIPT_BYTES + 1), "huge.vtt")


def test_chapters_without_any_chapter_are_refused() -> None:
    with pytest.raises(TranscriptRejected, match="no chapters"):
        read_chapters(json.dumps({"chapters": [{"startTime": 5}]}).encode(), "c.json")
    with pytest.raises(TranscriptRejected, match="not a chapters file"):
        read_chapters(b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "c.vtt")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["t.vtt", "t.srt", "t.json", "t.html", "t.txt"]))
def test_any_bytes_give_a_transcript_or_one_sentence(data: bytes, name: str) -> None:
    try:
        transcript = read_transcript(data, name)
    except TranscriptRejected as error:
        one_sentence(error)
    else:
        assert transcript.cues and all(cue.text for cue in transcript.cues)
        assert all(0 <= cue.start <= cue.end for cue in transcript.cues)
