"""The synthetic catalogue: accepted by the real loader, deterministic, realistically shaped."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks import generate, vocabulary
from resources_db.kinds import AUDIENCES, FORMATS, KINDS
from resources_db.library import open_library


def manifest_bytes(pack: Path) -> bytes:
    with zipfile.ZipFile(pack) as archive:
        return archive.read("manifest.json")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return generate.generate_manifest(1000, seed=7)


def word_count(text: str) -> int:
    return len(text.split())


def test_pack_is_accepted_by_the_real_loader(tmp_path: Path) -> None:
    pack = generate.write_pack(300, tmp_path / "synthetic.imhpack")
    library = open_library(tmp_path / "lib")
    try:
        counts = library.import_pack(pack)
    finally:
        library.close()
    assert counts.added == 300
    assert counts.updated == 0
    assert counts.collections == 0


def test_a_later_batch_adds_new_resources(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    try:
        library.import_pack(generate.write_pack(50, tmp_path / "first.imhpack"))
        batch = generate.write_pack(20, tmp_path / "batch.imhpack", seed=2, first=51)
        counts = library.import_pack(batch)
    finally:
        library.close()
    assert (counts.added, counts.updated) == (20, 0)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate.write_pack(120, tmp_path / "a.zip", seed=3)
    second = generate.write_pack(120, tmp_path / "b.zip", seed=3)
    other = generate.write_pack(120, tmp_path / "c.zip", seed=4)
    assert manifest_bytes(first) == manifest_bytes(second)
    assert first.read_bytes() == second.read_bytes()
    assert manifest_bytes(first) != manifest_bytes(other)


def test_streamed_pack_matches_generate_manifest(tmp_path: Path) -> None:
    pack = generate.write_pack(80, tmp_path / "pack.zip", seed=5)
    written = json.loads(manifest_bytes(pack).decode("utf-8"))
    assert written == generate.generate_manifest(80, seed=5)


def test_pack_header_says_it_is_synthetic(manifest: dict[str, Any]) -> None:
    assert manifest["format"] == "imh-library-pack"
    assert manifest["format_version"] == 1
    assert manifest["id"] == "synthetic-1000-7"
    assert manifest["title"] == (
        "Synthetic catalogue (1000 resources, seed 7) — not real resources"
    )
    assert "collections" not in manifest


def test_titles_and_summaries_have_the_set_lengths(manifest: dict[str, Any]) -> None:
    titles = [word_count(r["title"]) for r in manifest["resources"]]
    summaries = [word_count(r["summary"]) for r in manifest["resources"]]
    assert min(titles) == 5 and max(titles) == 15
    assert min(summaries) >= 40 and max(summaries) <= 80


def test_about_a_tenth_of_bodies_are_long(manifest: dict[str, Any]) -> None:
    lengths = [word_count(r["body"]) for r in manifest["resources"]]
    long = [n for n in lengths if n >= 2000]
    short = [n for n in lengths if n < 2000]
    assert 0.06 <= len(long) / len(lengths) <= 0.14
    assert all(2000 <= n <= 4000 for n in long)
    assert all(100 <= n <= 400 for n in short)


def test_resources_use_the_catalogue_vocabularies(manifest: dict[str, Any]) -> None:
    resources = manifest["resources"]
    kinds = {r["kind"] for r in resources}
    assert kinds == set(KINDS) - {"organisation", "person", "campaign", "campaign day"}
    for name, allowed in (
        ("audience", set(AUDIENCES)),
        ("formats", set(FORMATS)),
        ("settings", set(vocabulary.SETTINGS)),
    ):
        assert all(1 <= len(r[name]) <= 3 and set(r[name]) <= allowed for r in resources)
    assert all(set(r["topics"]) <= set(vocabulary.TOPICS) for r in resources)
    assert all(not r.get("attachments") and "campaign" not in r for r in resources)


def test_identities_dates_and_sources(manifest: dict[str, Any]) -> None:
    for number, resource in enumerate(manifest["resources"], start=1):
        assert resource["uid"] == f"synthetic/{number}"
        assert resource["url"] == f"https://example.org/synthetic/{number}"
        assert resource["source"] == "Synthetic benchmark catalogue"
        assert re.fullmatch(r"20(0[5-9]|1\d|2[0-6])-\d\d-\d\d", resource["published"])


def test_organisations_directory_names_every_organisation_used(
    manifest: dict[str, Any],
) -> None:
    used = {name for r in manifest["resources"] for name in r["organisations"]}
    listed = [entry["name"] for entry in manifest["organisations"]]
    assert set(listed) == used
    assert len(listed) == len(set(listed))
    assert 100 <= len(used) <= 300


def test_people_and_organisations_are_spread_unevenly(manifest: dict[str, Any]) -> None:
    organisations = Counter(n for r in manifest["resources"] for n in r["organisations"])
    authors = Counter(n for r in manifest["resources"] for n in r["authors"])
    assert organisations.most_common(1)[0][1] > 10 * min(organisations.values())
    assert len(authors) > 500


def test_word_frequencies_are_zipf_like(manifest: dict[str, Any]) -> None:
    words = Counter(
        word.strip(".").lower() for r in manifest["resources"] for word in r["body"].split()
    )
    ranked = [count for _, count in words.most_common()]
    assert len(ranked) > 1500
    assert ranked[0] > 5 * ranked[19] > 5 * ranked[199]
    assert {"infant", "baby", "parent"} <= set(dict(words.most_common(100)))


def test_cli_writes_a_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out" / "small.zip"
    assert generate.main(["--size", "50", "-o", str(path), "--seed", "2"]) == 0
    manifest = json.loads(manifest_bytes(path))
    assert len(manifest["resources"]) == 50
    assert manifest["id"] == "synthetic-50-2"
    assert re.fullmatch(
        rf"wrote {re.escape(str(path))}: 50 resources in \d+\.\ds\n", capsys.readouterr().err
    )
