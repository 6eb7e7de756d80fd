"""Two baselines for the search benchmark: SQLite FTS5 and Whoosh with default settings.

Both index the same ``ResourceDocument`` list the app's index is built from and
answer the same ``BenchQuery`` list. Each ``search`` returns the uids of the
first page (up to 20), best first.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

from benchmarks.queries import BenchQuery
from resources_db.documents import ResourceDocument
from resources_db.transcripts.model import Cue
from search_index.moments import WINDOW_SECONDS
from search_index.query import YEAR_RANGE, split_filters
from search_index.schema import TEXT_FIELD_BOOSTS

PAGE = 20

# FTS5 column -> the field of our schema whose weight it takes.
FTS5_COLUMNS: dict[str, str] = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "authors": "names",
    "organisations": "names",
    "topics": "extra",
}
# The same with an episode's transcript: one row per window, this column only.
FTS5_TRANSCRIPT_COLUMNS: dict[str, str] = {**FTS5_COLUMNS, "transcript": "transcript"}
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"
# Our filter name -> the FTS5 column a typed value must appear in (as a phrase).
FTS5_FILTER_COLUMNS: dict[str, str] = {
    "organisation": "organisations",
    "author": "authors",
    "topic": "topics",
}
TOKEN = re.compile(r'"[^"]*"?|[^\s"]+')


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_match(text: str, *, as_you_type: bool = False) -> str:
    """Free text as an FTS5 expression: words ANDed, phrases kept, the last word a prefix."""
    parts: list[str] = []
    tokens = TOKEN.findall(text)
    for position, token in enumerate(tokens):
        phrase = token.strip('"')
        if not re.search(r"\w", phrase):
            continue
        last_word = position == len(tokens) - 1 and not token.startswith('"')
        parts.append(_quoted(phrase) + ("*" if as_you_type and last_word else ""))
    return " ".join(parts)


def _year_bounds(value: str) -> tuple[int, int] | None:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value), int(value)
    match = YEAR_RANGE.match(value)
    if not match or not (match.group("lo") or match.group("hi")):
        return None
    return int(match.group("lo") or 0), int(match.group("hi") or 9999)


def _fts5_parts(query: BenchQuery) -> tuple[str, list[str], list[object]]:
    """A query's MATCH expression, its WHERE clauses and their parameters."""
    parsed = split_filters(query.text)
    match_parts = [fts5_match(parsed.text, as_you_type=query.as_you_type)]
    where: list[str] = []
    params: list[object] = []
    for name, values in parsed.filters.items():
        if name in FTS5_FILTER_COLUMNS:
            column = FTS5_FILTER_COLUMNS[name]
            options = [f"{column} : {_quoted(value)}" for value in values]
            match_parts.append("(" + " OR ".join(options) + ")")
        elif name == "kind":
            where.append("(" + " OR ".join("d.kind LIKE ?" for _ in values) + ")")
            params.extend(f"%{value.lower().removesuffix('s')}%" for value in values)
        elif name == "year":
            for bounds in filter(None, map(_year_bounds, values)):
                where.append("d.year BETWEEN ? AND ?")
                params.extend(bounds)
    return " AND ".join(part for part in match_parts if part), where, params


def _bm25(columns: dict[str, str]) -> str:
    return "bm25(fts, " + ", ".join(str(TEXT_FIELD_BOOSTS[f]) for f in columns.values()) + ")"


def fts5_query(
    query: BenchQuery, columns: dict[str, str] = FTS5_COLUMNS
) -> tuple[str, list[object]]:
    """SQL and parameters for one query: MATCH for text and name filters, WHERE for the rest."""
    match, where, params = _fts5_parts(query)
    if not match:
        clause = " AND ".join(where) or "1"
        sql = f"SELECT d.uid FROM docs d WHERE {clause} ORDER BY d.published DESC LIMIT {PAGE}"
        return sql, params
    clause = " AND ".join(["fts MATCH ?", *where])
    sql = (
        "SELECT d.uid FROM fts JOIN docs d ON d.id = fts.rowid "
        f"WHERE {clause} ORDER BY {_bm25(columns)} LIMIT {PAGE}"
    )
    return sql, [match, *params]


def fts5_grouped_query(query: BenchQuery) -> tuple[str, list[object]]:
    """The same over resources and transcript windows: a resource ranks by its
    best row (itself or one of its windows), each listed once."""
    match, where, params = _fts5_parts(query)
    if not match:
        clause = " AND ".join([*where, "d.start IS NULL"])
        sql = f"SELECT d.uid FROM docs d WHERE {clause} ORDER BY d.published DESC LIMIT {PAGE}"
        return sql, params
    clause = " AND ".join(["fts MATCH ?", *where])
    # MATERIALIZED: flattened into the GROUP BY, bm25() would be called where
    # FTS5 cannot answer it.
    sql = (
        f"WITH m AS MATERIALIZED (SELECT d.uid AS uid, {_bm25(FTS5_TRANSCRIPT_COLUMNS)} AS score "
        f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE {clause}) "
        f"SELECT uid FROM m GROUP BY uid ORDER BY min(score) LIMIT {PAGE}"
    )
    return sql, [match, *params]


def _fts5_row(number: int, doc: ResourceDocument) -> tuple[object, ...]:
    return (
        number,
        doc.title,
        doc.summary,
        doc.body,
        " | ".join(doc.authors),
        " | ".join(doc.organisations),
        " | ".join(doc.topics),
    )


class Fts5Baseline:
    """An FTS5 table in a temporary SQLite file, weighted like our schema."""

    name = "fts5"

    def __init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="imh-bench-fts5-"))
        self._db = sqlite3.connect(self._dir / "fts5.sqlite3")

    def build(self, documents: Sequence[ResourceDocument]) -> float:
        """Create, fill and optimise the table; returns the seconds taken."""
        started = time.perf_counter()
        columns = ", ".join(FTS5_COLUMNS)
        with self._db:
            self._db.execute(
                "CREATE TABLE docs (id INTEGER PRIMARY KEY, uid TEXT, kind TEXT,"
                " year INTEGER, published TEXT)"
            )
            self._db.execute(
                f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='{FTS5_TOKENIZE}')"
            )
            self._db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                (
                    (n, d.uid, d.kind, d.year, d.published.isoformat() if d.published else None)
                    for n, d in enumerate(documents, 1)
                ),
            )
            self._db.executemany(
                f"INSERT INTO fts (rowid, {columns}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_fts5_row(n, d) for n, d in enumerate(documents, 1)),
            )
            self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        return time.perf_counter() - started

    def search(self, query: BenchQuery) -> list[str]:
        sql, params = fts5_query(query)
        try:
            return [row[0] for row in self._db.execute(sql, params)]
        except sqlite3.OperationalError:  # an expression FTS5 cannot read: no hits
            return []

    def close(self) -> None:
        self._db.close()
        shutil.rmtree(self._dir, ignore_errors=True)


def _windows(doc: ResourceDocument) -> Iterator[tuple[float, str, str]]:
    """An episode's transcript as (start, speaker, text) windows of about
    ``WINDOW_SECONDS`` of whole cues, cut as ``search_index.moments`` cuts them."""
    cues = doc.spoken.cues if doc.spoken else ()
    begin = 0
    for number, cue in enumerate(cues):
        if number > begin and cue.end - cues[begin].start > WINDOW_SECONDS:
            yield _window(cues[begin:number])
            begin = number
    if cues:
        yield _window(cues[begin:])


def _window(cues: Sequence[Cue]) -> tuple[float, str, str]:
    return cues[0].start, cues[0].speaker, " ".join(cue.text for cue in cues)


class _TranscriptFts5:
    """What the two FTS5 layouts with transcripts share: the SQLite file, which rows
    hold whose windows, and an episode's best three windows as its moments."""

    MOMENTS_SQL = ""  # the layout's query for the best windows in a rowid range

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._episodes: dict[str, tuple[int, int]] = {}

    def load(self) -> None:
        """Read which rows are whose windows (what an app keeps in memory)."""
        rows = self._db.execute("SELECT uid, first, last FROM episodes")
        self._episodes = {uid: (first, last) for uid, first, last in rows}

    def search(self, query: BenchQuery) -> list[str]:
        raise NotImplementedError  # each layout ranks its own way

    def search_with_moments(self, query: BenchQuery) -> dict[str, list[tuple[float, str, str]]]:
        """The page's uids, best first, each with its best three windows (start,
        speaker, snippet), as our results carry moments."""
        page = self.search(query)
        text = fts5_match(split_filters(query.text).text, as_you_type=query.as_you_type)
        found: dict[str, list[tuple[float, str, str]]] = {}
        for uid in page:
            rows = self._episodes.get(uid)
            found[uid] = self._moments(text, *rows) if rows and text else []
        return found

    def _moments(self, text: str, first: int, last: int) -> list[tuple[float, str, str]]:
        try:
            return list(self._db.execute(self.MOMENTS_SQL, (text, first, last)))
        except sqlite3.OperationalError:
            return []

    def close(self) -> None:
        self._db.close()


class Fts5TranscriptBaseline(_TranscriptFts5):
    """FTS5 over resources and their transcripts' windows, in a SQLite file of its own.

    Each resource is a row as in ``Fts5Baseline``; each window of an episode's
    transcript another row (``transcript`` column only) with its start, the rows
    of one episode numbered together so that its moments are a rowid range."""

    name = "fts5_transcripts"

    def build(self, documents: Sequence[ResourceDocument]) -> float:
        started = time.perf_counter()
        columns = ", ".join(FTS5_TRANSCRIPT_COLUMNS)
        with self._db:
            self._db.execute(
                "CREATE TABLE docs (id INTEGER PRIMARY KEY, uid TEXT, kind TEXT,"
                " year INTEGER, published TEXT, start REAL, speaker TEXT)"
            )
            self._db.execute("CREATE TABLE episodes (uid TEXT PRIMARY KEY, first INT, last INT)")
            self._db.execute(
                f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='{FTS5_TOKENIZE}')"
            )
            number = 0
            for doc in documents:
                number += 1
                self._insert(number, doc, (*_fts5_row(number, doc), ""))
                first = number + 1
                for start, speaker, text in _windows(doc):
                    number += 1
                    self._insert(number, doc, (number, *[""] * 6, text), start, speaker)
                if number >= first:
                    self._db.execute(
                        "INSERT INTO episodes VALUES (?, ?, ?)", (doc.uid, first, number)
                    )
            self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        return time.perf_counter() - started

    def _insert(
        self,
        number: int,
        doc: ResourceDocument,
        row: tuple[object, ...],
        start: float | None = None,
        speaker: str = "",
    ) -> None:
        published = doc.published.isoformat() if doc.published else None
        self._db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (number, doc.uid, doc.kind, doc.year, published, start, speaker),
        )
        self._db.execute(
            f"INSERT INTO fts (rowid, {', '.join(FTS5_TRANSCRIPT_COLUMNS)})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )

    def search(self, query: BenchQuery) -> list[str]:
        sql, params = fts5_grouped_query(query)
        try:
            return [row[0] for row in self._db.execute(sql, params)]
        except sqlite3.OperationalError:  # an expression FTS5 cannot read: no hits
            return []

    MOMENTS_SQL = (
        "SELECT d.start, d.speaker, snippet(fts, 6, '<b>', '</b>', '…', 16) "
        "FROM fts JOIN docs d ON d.id = fts.rowid "
        "WHERE fts MATCH ? AND fts.rowid BETWEEN ? AND ? ORDER BY rank LIMIT 3"
    )


class Fts5EpisodeBaseline(_TranscriptFts5):
    """FTS5 laid out as our index is: an episode's whole transcript is a column
    of its own row (found and ranked with the rest, one row per resource), and
    its windows are rows of a second FTS5 table, read only for the moments of
    the episodes on the page."""

    name = "fts5_episode"

    def build(self, documents: Sequence[ResourceDocument]) -> float:
        started = time.perf_counter()
        columns = ", ".join(FTS5_TRANSCRIPT_COLUMNS)
        db = self._db
        with db:
            db.execute(
                "CREATE TABLE docs (id INTEGER PRIMARY KEY, uid TEXT, kind TEXT,"
                " year INTEGER, published TEXT)"
            )
            db.execute("CREATE TABLE windows (id INTEGER PRIMARY KEY, start REAL, speaker TEXT)")
            db.execute("CREATE TABLE episodes (uid TEXT PRIMARY KEY, first INT, last INT)")
            db.execute(
                f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='{FTS5_TOKENIZE}')"
            )
            db.execute(f"CREATE VIRTUAL TABLE wfts USING fts5(text, tokenize='{FTS5_TOKENIZE}')")
            window = 0
            for number, doc in enumerate(documents, 1):
                published = doc.published.isoformat() if doc.published else None
                db.execute(
                    "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                    (number, doc.uid, doc.kind, doc.year, published),
                )
                said = " ".join(cue.text for cue in doc.spoken.cues) if doc.spoken else ""
                db.execute(
                    f"INSERT INTO fts (rowid, {columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (*_fts5_row(number, doc), said),
                )
                first = window + 1
                for start, speaker, text in _windows(doc):
                    window += 1
                    db.execute("INSERT INTO windows VALUES (?, ?, ?)", (window, start, speaker))
                    db.execute("INSERT INTO wfts (rowid, text) VALUES (?, ?)", (window, text))
                if window >= first:
                    db.execute("INSERT INTO episodes VALUES (?, ?, ?)", (doc.uid, first, window))
            db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            db.execute("INSERT INTO wfts (wfts) VALUES ('optimize')")
        return time.perf_counter() - started

    def search(self, query: BenchQuery) -> list[str]:
        sql, params = fts5_query(query, FTS5_TRANSCRIPT_COLUMNS)
        try:
            return [row[0] for row in self._db.execute(sql, params)]
        except sqlite3.OperationalError:
            return []

    MOMENTS_SQL = (
        "SELECT w.start, w.speaker, snippet(wfts, 0, '<b>', '</b>', '…', 16) "
        "FROM wfts JOIN windows w ON w.id = wfts.rowid "
        "WHERE wfts MATCH ? AND wfts.rowid BETWEEN ? AND ? ORDER BY rank LIMIT 3"
    )


def open_fts5_episodes(path: Path) -> Fts5EpisodeBaseline:
    baseline = Fts5EpisodeBaseline(path)
    baseline.load()
    return baseline


def open_fts5_transcripts(path: Path) -> Fts5TranscriptBaseline:
    baseline = Fts5TranscriptBaseline(path)
    baseline.load()
    return baseline


def whoosh_text(query: BenchQuery) -> str:
    """What a plain Whoosh app would pass: the text as typed, ``*`` on an unfinished word."""
    if query.as_you_type and re.search(r"\w$", query.text):
        return query.text + "*"
    return query.text


class WhooshDefaultBaseline:
    """Whoosh out of the box: stemmed title, summary and body, one writer, default settings."""

    name = "whoosh_default"

    def __init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="imh-bench-whoosh-"))
        self._schema = Schema(
            uid=ID(stored=True),
            title=TEXT(analyzer=StemmingAnalyzer()),
            summary=TEXT(analyzer=StemmingAnalyzer()),
            body=TEXT(analyzer=StemmingAnalyzer()),
        )
        self._ix = whoosh_index.create_in(str(self._dir), self._schema)
        self._parser = MultifieldParser(["title", "summary", "body"], self._schema)
        self._searcher = None

    def build(self, documents: Sequence[ResourceDocument]) -> float:
        started = time.perf_counter()
        writer = self._ix.writer()
        for doc in documents:
            writer.add_document(uid=doc.uid, title=doc.title, summary=doc.summary, body=doc.body)
        writer.commit()
        elapsed = time.perf_counter() - started
        self._searcher = self._ix.searcher()
        return elapsed

    def search(self, query: BenchQuery) -> list[str]:
        assert self._searcher is not None, "build() first"
        parsed = self._parser.parse(whoosh_text(query))
        return [hit["uid"] for hit in self._searcher.search(parsed, limit=PAGE)]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._ix.close()
        shutil.rmtree(self._dir, ignore_errors=True)
