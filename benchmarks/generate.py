"""A synthetic, clearly made-up catalogue written as an IMH Library pack.

    uv run python -m benchmarks.generate --size 100000 -o /tmp/synthetic-100k.zip [--seed 1]

The same size and seed give a byte-identical ``manifest.json`` (and zip). Text
is drawn from IMH domain terms and common English with a Zipf-like spread
(weight 1/rank^1.1), so word frequencies look like real prose; organisations,
authors and topics are spread the same way. Every url is on example.org and
every organisation and author name is invented.

``write_pack`` streams resources into the zip one at a time, so memory stays
small at any size; ``generate_manifest`` builds the same manifest as a dict.
"""

from __future__ import annotations

import argparse
import itertools
import json
import queue
import random
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any

from benchmarks import vocabulary as vocab
from resources_db.kinds import AUDIENCES, FORMATS, KINDS

ZIPF_EXPONENT = 1.1
CREATED = "2026-01-01"
SOURCE = "Synthetic benchmark catalogue"
ORGANISATION_COUNT = 300
AUTHOR_COUNT = 2000
LONG_BODY_SHARE = 0.10
FIRST_YEAR, LAST_YEAR = 2005, 2026
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 1

EXCLUDED_KINDS = frozenset({"organisation", "person", "campaign", "campaign day"})
RESOURCE_KINDS: tuple[str, ...] = tuple(kind for kind in KINDS if kind not in EXCLUDED_KINDS)
KIND_WEIGHTS: dict[str, float] = {"blog post": 5, "report": 3, "briefing": 3, "video": 2}
KIND_FORMAT: dict[str, str] = {
    "training": "event",
    "podcast episode": "audio",
    "infographic": "image",
    "report": "document",
    "video": "video",
    "blog post": "web page",
}
KIND_CUM_WEIGHTS: tuple[float, ...] = tuple(
    itertools.accumulate(KIND_WEIGHTS.get(kind, 1) for kind in RESOURCE_KINDS)
)
TIMED_KINDS = frozenset({"podcast episode", "video", "training"})


@dataclass(frozen=True)
class Ranked:
    """Items with cumulative Zipf weights, for ``random.choices``."""

    items: tuple[str, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def of(cls, items: Sequence[str], exponent: float = ZIPF_EXPONENT) -> Ranked:
        weights = (1.0 / rank**exponent for rank in range(1, len(items) + 1))
        return cls(tuple(items), tuple(itertools.accumulate(weights)))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum_weights, k=k)

    def distinct(self, rng: random.Random, k: int) -> list[str]:
        """Up to ``k`` different items, in the order first drawn."""
        return list(dict.fromkeys(self.draw(rng, k)))


def _interleave(common: Sequence[str], domain: Sequence[str]) -> list[str]:
    """One ranking: two domain terms after every five common words."""
    ranked: list[str] = []
    common_iter, domain_iter = iter(common), iter(domain)
    while taken := [*itertools.islice(common_iter, 5), *itertools.islice(domain_iter, 2)]:
        ranked.extend(taken)
    return ranked


def _organisation_names() -> list[str]:
    """~300 invented organisation names, fixed whatever the seed."""
    combos = [
        f"{place} {field} {kind}"
        for place in vocab.PLACES
        for field in vocab.ORGANISATION_FIELDS
        for kind in vocab.ORGANISATION_TYPES
    ]
    return random.Random("organisations").sample(combos, ORGANISATION_COUNT)


def _author_names() -> list[str]:
    """~2,000 invented author names, fixed whatever the seed."""
    surnames = [start + end for start in vocab.SURNAME_STARTS for end in vocab.SURNAME_ENDS]
    combos = [f"{first} {last}" for first in vocab.FIRST_NAMES for last in surnames]
    return random.Random("authors").sample(combos, AUTHOR_COUNT)


class FastSampler:
    """Zipf draws by table lookup: 65,536 slots shared out by weight, each item at least one.

    ``random.choices`` bisects once per draw in Python; here one ``randbytes``
    call gives every slot of a text and each draw is a bare index, which is
    what makes 100,000 resources take seconds rather than minutes.
    """

    SLOTS = 1 << 16

    def __init__(self, ranked: Ranked) -> None:
        total = ranked.cum_weights[-1]
        previous = 0.0
        counts = []
        for cumulative in ranked.cum_weights:
            counts.append(max(1, round((cumulative - previous) / total * self.SLOTS)))
            previous = cumulative
        counts[0] += self.SLOTS - sum(counts)
        self.table: tuple[str, ...] = tuple(
            item for item, count in zip(ranked.items, counts, strict=True) for _ in range(count)
        )

    def draw(self, rng: random.Random, k: int) -> list[str]:
        table = self.table
        return [table[slot] for slot in memoryview(rng.randbytes(2 * k)).cast("H")]


@dataclass(frozen=True)
class Tables:
    words: Ranked
    words_sampler: FastSampler
    organisations: Ranked
    authors: Ranked
    topics: Ranked
    settings: Ranked
    audiences: Ranked


@cache
def tables() -> Tables:
    words = Ranked.of(_interleave(vocab.COMMON_WORDS, vocab.DOMAIN_TERMS))
    return Tables(
        words=words,
        words_sampler=FastSampler(words),
        # Flatter spreads for who wrote what: a few prolific names, a long tail.
        organisations=Ranked.of(_organisation_names(), exponent=0.9),
        authors=Ranked.of(_author_names(), exponent=0.7),
        topics=Ranked.of(vocab.TOPICS),
        settings=Ranked.of(vocab.SETTINGS),
        audiences=Ranked.of(AUDIENCES),
    )


def _between(rng: random.Random, low: int, high: int) -> int:
    """A whole number in ``[low, high]``; cheaper than ``randint`` and as deterministic."""
    return low + int(rng.random() * (high - low + 1))


def _words(rng: random.Random, count: int) -> list[str]:
    """Exactly ``count`` words (terms may be phrases; the last one is cut to fit)."""
    terms = tables().words_sampler.draw(rng, count)
    return " ".join(terms).split(" ", count)[:count]


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


@cache
def _capitals() -> dict[str, str]:
    """Every word the text can hold, mapped to its sentence-initial form."""
    words = {word for term in tables().words.items for word in term.split(" ")}
    return {word: _capitalised(word) for word in words}


# Byte -> sentence length 6..18, so one ``randbytes`` call gives every length.
_SENTENCE_LENGTHS = bytes(6 + value % 13 for value in range(256))


def _sentences(rng: random.Random, count: int) -> str:
    """``count`` words as capitalised sentences of 6-18 words."""
    words = _words(rng, count)
    capitals = _capitals()
    lengths = rng.randbytes(count // 6 + 1).translate(_SENTENCE_LENGTHS)
    words[0] = capitals[words[0]]
    for end in itertools.accumulate(lengths):
        if end >= count:
            break
        words[end - 1] += "."
        words[end] = capitals[words[end]]
    words[-1] += "."
    return " ".join(words)


def _title(rng: random.Random) -> str:
    words = _words(rng, _between(rng, 5, 15))
    words[0] = _capitalised(words[0])
    return " ".join(words)


def _body(rng: random.Random) -> str:
    long = rng.random() < LONG_BODY_SHARE
    return _sentences(rng, _between(rng, 2000, 4000) if long else _between(rng, 100, 400))


def _published(rng: random.Random) -> str:
    year = _between(rng, FIRST_YEAR, LAST_YEAR)
    return (date(year, 1, 1) + timedelta(days=_between(rng, 0, 364))).isoformat()


def _formats(rng: random.Random, kind: str) -> list[str]:
    first = KIND_FORMAT.get(kind, "text")
    extras = rng.sample(FORMATS, _between(rng, 0, 2))
    return list(dict.fromkeys([first, *extras]))


def make_resource(rng: random.Random, number: int) -> dict[str, Any]:
    """Resource ``number`` of the catalogue, every pack field filled."""
    t = tables()
    kind = rng.choices(RESOURCE_KINDS, cum_weights=KIND_CUM_WEIGHTS)[0]
    return {
        "uid": f"synthetic/{number}",
        "kind": kind,
        "title": _title(rng),
        "summary": _sentences(rng, _between(rng, 40, 80)),
        "body": _body(rng),
        "url": f"https://example.org/synthetic/{number}",
        "published": _published(rng),
        "duration_seconds": _between(rng, 120, 5400) if kind in TIMED_KINDS else None,
        "source": SOURCE,
        "authors": t.authors.distinct(rng, _between(rng, 0, 3)),
        "organisations": t.organisations.distinct(rng, _between(rng, 1, 2)),
        "topics": t.topics.distinct(rng, _between(rng, 1, 4)),
        "audience": t.audiences.distinct(rng, _between(rng, 1, 3)),
        "settings": t.settings.distinct(rng, _between(rng, 1, 3)),
        "formats": _formats(rng, kind),
    }


def iter_resources(size: int, seed: int, first: int = 1) -> Iterator[dict[str, Any]]:
    """Resources numbered from ``first`` (a later batch for the same library
    starts past the first one's numbers, so its uids are new)."""
    rng = random.Random(seed)
    for number in range(first, first + size):
        yield make_resource(rng, number)


def _head(size: int, seed: int, first: int = 1) -> dict[str, Any]:
    batch = "" if first == 1 else f"-from-{first}"
    return {
        "format": "imh-library-pack",
        "format_version": 1,
        "id": f"synthetic-{size}-{seed}{batch}",
        "title": f"Synthetic catalogue ({size} resources, seed {seed}) — not real resources",
        "created": CREATED,
    }


def organisation_entries(names: Sequence[str]) -> list[dict[str, str]]:
    """Directory entries for the organisations used, in first-use order."""
    return [
        {
            "name": name,
            "short_name": "".join(word[0] for word in name.split() if word[0].isupper()),
            "description": "Invented organisation in a synthetic benchmark catalogue; not real.",
            "url": "",
        }
        for name in names
    ]


def _used_organisations(resources: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for r in resources for name in r["organisations"]))


def generate_manifest(size: int, seed: int = 1) -> dict[str, Any]:
    """The whole synthetic manifest as a dict (same content ``write_pack`` writes)."""
    resources = list(iter_resources(size, seed))
    organisations = organisation_entries(_used_organisations(resources))
    return {**_head(size, seed), "resources": resources, "organisations": organisations}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def iter_manifest_json(size: int, seed: int = 1, first: int = 1) -> Iterator[str]:
    """Chunks whose concatenation equals ``json.dumps(generate_manifest(...))``."""
    used: dict[str, None] = {}
    yield _dumps(_head(size, seed, first))[:-1] + ', "resources": ['
    for number, resource in enumerate(iter_resources(size, seed, first)):
        used.update(dict.fromkeys(resource["organisations"]))
        yield (", " if number else "") + _dumps(resource)
    yield '], "organisations": ' + _dumps(organisation_entries(list(used))) + "}"


def _manifest_blocks(size: int, seed: int, first: int = 1, per_block: int = 256) -> Iterator[bytes]:
    """The manifest as UTF-8 blocks of about ``per_block`` resources (~1 MB)."""
    chunks = iter_manifest_json(size, seed, first)
    while block := "".join(itertools.islice(chunks, per_block)):
        yield block.encode("utf-8")


def _write_in_background(handle: IO[bytes], blocks: Iterator[bytes]) -> None:
    """Deflate and write on a thread (zlib lets go of the GIL) while blocks are made."""
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failures: list[BaseException] = []

    def drain() -> None:
        while (block := pending.get()) is not None:
            if not failures:
                try:
                    handle.write(block)
                except BaseException as error:  # reported on the calling thread
                    failures.append(error)

    writer = threading.Thread(target=drain, name="synthetic-pack-writer")
    writer.start()
    try:
        for block in blocks:
            if failures:
                break
            pending.put(block)
    finally:
        pending.put(None)
        writer.join()
    if failures:
        raise failures[0]


def _manifest_entry() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("manifest.json", date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    # Fast deflate: level 6 would spend more time compressing than generating.
    # ZipFile.open ignores the archive's level for a ZipInfo, so set it on the
    # entry (``_compresslevel`` up to 3.12, ``compress_level`` from 3.13).
    level_attribute = "compress_level" if hasattr(info, "compress_level") else "_compresslevel"
    setattr(info, level_attribute, COMPRESS_LEVEL)
    return info


def write_pack(size: int, path: Path, seed: int = 1, first: int = 1) -> Path:
    """Write the synthetic pack (a zip holding ``manifest.json``) to ``path``;
    its resources are numbered from ``first``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(_manifest_entry(), "w", force_zip64=True) as handle,
    ):
        _write_in_background(handle, _manifest_blocks(size, seed, first))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic IMH Library pack.")
    parser.add_argument("--size", type=int, required=True, help="number of resources")
    parser.add_argument("-o", "--output", type=Path, required=True, help="pack file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must not be negative")
    started = time.perf_counter()
    write_pack(args.size, args.output, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.output}: {args.size} resources in {elapsed:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
