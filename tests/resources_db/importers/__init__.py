"""Tests of the importers; the sample files live in tests/fixtures/imports/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resources_db.importers import ParsedSource, detect_format, parse_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"


def parse_fixture(name: str) -> ParsedSource:
    data = (FIXTURES / name).read_bytes()
    return parse_source(data, name, detect_format(data, name))


def by_title(parsed: ParsedSource) -> dict[str, dict[str, Any]]:
    return {resource.fields["title"]: resource.fields for resource in parsed.pack.resources}


def assert_one_sentence(message: str) -> None:
    assert message.strip() == message and message.endswith(".")
    assert "\n" not in message and "Traceback" not in message
