"""Turning what the user typed into a Whoosh query.

The text is split into field filters (``type:podcast``, ``year:2019..2021``)
and free text. A filter that stands alone applies to the whole query, as a
mask; one that takes part in the boolean query (``NOT type:x``, ``-type:x``,
``type:x OR type:y``, inside parentheses) stays in the text as a placeholder
character, which the parser turns back into the filter's query. Free text goes
through Whoosh's parser (phrases, AND/OR/NOT, ``-word``, ``word*``) after
thesaurus expansion. Anything the parser cannot read falls back to plain
words: a query never raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import AndGroup, OrGroup, PlusMinusPlugin, QueryParser, syntax
from whoosh.qparser.plugins import FieldsPlugin, GtLtPlugin, TaggingPlugin

from search_index.analysis import analyse, name_analyzer
from search_index.schema import TEXT_FIELD
from search_index.thesaurus import Thesaurus

MAX_QUERY_CHARS = 1000
EXPANSION_BOOST = 0.5

FILTER_ALIASES: dict[str, str] = {
    "type": "kind",
    "kind": "kind",
    "org": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "author": "author",
    "by": "author",
    "topic": "topic",
    "tag": "tag",
    "tags": "tag",
    "audience": "audience",
    "for": "audience",
    "setting": "setting",
    "format": "format",
    "year": "year",
    "campaign": "campaign",
    "hashtag": "campaign",
    "status": "status",
}
# Not after a letter or a hyphen ("well-type:x" is words), but after the
# minus that starts a word ("-type:x" leaves those out).
FILTER_PATTERN = re.compile(
    r"(?:(?<![\w-])|(?<=^-)|(?<=[\s(]-))"
    r"(?P<field>[A-Za-z]+):(?:\"(?P<quoted>[^\"]*)\"?|(?P<word>[^\s\"()]+))"
)
YEAR_RANGE = re.compile(r"^(?P<lo>\d{4})?\s*(?:\.\.|-|–)\s*(?P<hi>\d{4})?$")
# Placeholders for filters inside the boolean query: private-use characters,
# which nobody can type (split_filters blanks what is not printable) and no
# analyser or thesaurus takes for a word.
FIRST_PLACEHOLDER = 0xE000
PLACEHOLDER = re.compile("[\ue000-\uf8ff]")
# Next to these a filter is an operand, not a restriction of the whole query.
OPERATOR_BEFORE = {"NOT", "OR", "ANDNOT", "ANDMAYBE"}
OPERATOR_AFTER = {"OR", "ANDNOT", "ANDMAYBE"}


@dataclass(frozen=True)
class PlacedFilter:
    name: str
    value: str
    source: str  # as typed, to put back into a corrected query


@dataclass
class ParsedQuery:
    text: str  # free text; filters that apply to the whole query removed
    filters: dict[str, list[str]] = field(default_factory=dict)
    placed: dict[str, PlacedFilter] = field(default_factory=dict)  # placeholder -> filter

    def restore(self, text: str) -> str:
        """``text`` with each placeholder back as the filter typed."""
        return PLACEHOLDER.sub(
            lambda m: self.placed[m.group()].source if m.group() in self.placed else " ", text
        )


def split_filters(raw: str, extra: Mapping[str, Sequence[str]] | None = None) -> ParsedQuery:
    """Pull ``field:value`` filters out of ``raw``; unknown fields stay as words.

    A filter standing alone goes to ``filters`` (ANDed with everything); one
    that is an operand of NOT, ``-``, OR or a parenthesis stays in ``text`` as
    a placeholder described in ``placed``."""
    raw = "".join(ch if ch.isprintable() else " " for ch in raw[:MAX_QUERY_CHARS])
    found: dict[str, PlacedFilter] = {}

    def take(match: re.Match[str]) -> str:
        name = FILTER_ALIASES.get(match.group("field").lower())
        value = match.group("quoted") if match.group("quoted") is not None else match.group("word")
        if name is None:
            return f" {match.group('field')} {value} "
        if not value.strip():
            return " "
        mark = chr(FIRST_PLACEHOLDER + len(found))
        found[mark] = PlacedFilter(name, value.strip(), match.group())
        return mark

    text = FILTER_PATTERN.sub(take, raw)
    alone = [mark for mark in found if _stands_alone(text, text.index(mark))]
    filters: dict[str, list[str]] = {}
    for mark in alone:
        filters.setdefault(found[mark].name, []).append(found[mark].value)
        text = text.replace(mark, " ")
    for name, values in (extra or {}).items():
        key = FILTER_ALIASES.get(name, name)
        filters.setdefault(key, []).extend(v for v in values if v)
    placed = {mark: f for mark, f in found.items() if mark not in alone}
    return ParsedQuery(" ".join(text.split()), filters, placed)


def _stands_alone(text: str, at: int) -> bool:
    """Whether the filter at ``at`` is ANDed with the whole query (``type:x words``)."""
    before = re.sub(r'"[^"]*"', " ", text[:at])
    if before.count("(") > before.count(")") or before.endswith("-"):
        return False
    previous = before.split()[-1:]
    following = text[at + 1 :].split()[:1]
    return not (set(previous) & OPERATOR_BEFORE or set(following) & OPERATOR_AFTER)


class FilterLeaf(wq.Query):  # type: ignore[misc]
    """A field filter inside the boolean query, evaluated as the mask it is.

    Whoosh's normalising would drop a filter that matches nothing (so that
    ``NOT type:x`` became nothing at all) or merge year ranges: as a leaf of
    its own it stays exactly where it was typed."""

    def __init__(self, inner: wq.Query) -> None:
        self.inner = inner
        self.boost = 1.0

    def is_leaf(self) -> bool:
        return True

    def normalize(self) -> wq.Query:
        return self

    def field(self) -> None:
        return None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilterLeaf) and other.inner == self.inner

    def __hash__(self) -> int:
        return hash(("filter", self.inner))

    def __repr__(self) -> str:
        return f"FilterLeaf({self.inner!r})"


class _FilterNode(syntax.SyntaxNode):  # type: ignore[misc]
    def __init__(self, query: wq.Query) -> None:
        self.filter = query

    def query(self, parser: QueryParser) -> wq.Query:
        return self.filter


class _FilterPlugin(TaggingPlugin):  # type: ignore[misc]
    """Turns each placeholder of ``split_filters`` back into its filter's query."""

    priority = -10  # before any other tagger can take the character for a word

    def __init__(self, queries: Mapping[str, wq.Query]) -> None:
        super().__init__("[" + "".join(queries) + "]")
        self.queries = queries

    def create(self, parser: QueryParser, match: re.Match[str]) -> _FilterNode:
        return _FilterNode(self.queries[match.group()])


def _parser(
    schema: Schema, *, all_words: bool, filters: Mapping[str, wq.Query] | None = None
) -> QueryParser:
    parser = QueryParser(TEXT_FIELD, schema, group=AndGroup if all_words else OrGroup.factory(0.9))
    # Field syntax is ours (split_filters), not Whoosh's; "a:b" stays words.
    parser.remove_plugin_class(FieldsPlugin)
    parser.remove_plugin_class(GtLtPlugin)
    parser.add_plugin(PlusMinusPlugin())
    if filters:
        parser.add_plugin(_FilterPlugin(filters))
    return parser


def placed_queries(parsed: ParsedQuery, known_kinds: Sequence[str]) -> dict[str, wq.Query]:
    """The query of each filter inside the boolean query; unreadable ones are left out."""
    queries: dict[str, wq.Query] = {}
    for mark, placed in parsed.placed.items():
        query = _one_filter(placed.name, placed.value, known_kinds)
        if query is not None:
            queries[mark] = FilterLeaf(query)
    return queries


def _with_filters(text: str, filters: Mapping[str, wq.Query]) -> str:
    """Placeholders the parser can read: ``-filter`` as ``NOT filter`` (Whoosh's
    minus needs something positive beside it, so ``-type:x`` alone found
    nothing), a filter without a query (``year:abc``) as nothing."""
    text = PLACEHOLDER.sub(lambda m: m.group() if m.group() in filters else " ", text)
    return re.sub(r"(?:^|(?<=[\s(]))-(?=[\ue000-\uf8ff])", "NOT ", text)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r'"[^"]*"', text)]


def expand(text: str) -> tuple[str, list[str]]:
    """Rewrite thesaurus matches as ``(match OR "alt"^0.5 ...)``; return the labels."""
    quoted = _quote_spans(text)
    pieces: list[str] = []
    labels: list[str] = []
    last = 0
    for found in Thesaurus.load().find(text):
        if any(start <= found.start < end for start, end in quoted):
            continue
        seen = [analyse(found.matched)]
        alternatives = []
        for alternative in found.alternatives:
            terms = analyse(alternative)
            if terms not in seen:  # "infants" adds nothing to "infant"
                seen.append(terms)
                alternatives.append(alternative)
        if not alternatives:
            continue
        pieces.append(text[last : found.start])
        ors = " OR ".join(f'"{alt}"^{EXPANSION_BOOST}' for alt in alternatives)
        pieces.append(f'("{found.matched}" OR {ors})')
        labels.extend(alt for alt in alternatives if alt not in labels)
        last = found.end
    pieces.append(text[last:])
    return "".join(pieces), labels


def plain_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def text_query(
    schema: Schema,
    text: str,
    *,
    all_words: bool = True,
    as_you_type: bool = False,
    filters: Mapping[str, wq.Query] | None = None,
) -> tuple[wq.Query, list[str]]:
    """The free-text part as a Whoosh query, and the thesaurus labels it used.

    ``filters``: the query of each placeholder (``placed_queries``)."""
    text = _with_filters(text, filters or {})
    expanded, labels = _expand_typing(text) if as_you_type else expand(text)
    parser = _parser(schema, all_words=all_words, filters=filters)
    try:
        parsed = parser.parse(expanded)
        if has_terms(parsed):
            return parsed, labels
    except Exception:  # the parser's own failures: fall back, never surface
        pass
    fallback = plain_words(text)
    if not fallback:
        return wq.NullQuery, []
    return parser.parse(expand(fallback)[0]), labels


def _expand_typing(text: str) -> tuple[str, list[str]]:
    """While typing, the last word may be unfinished: match it whole or as a prefix."""
    match = re.search(r"(?<![\w\"*])(\w+)$", text)
    if not match or text.count('"') % 2:
        return expand(text)
    head, labels = expand(text[: match.start()])
    word = match.group(1)
    # A finished acronym such as CAMHS should still bring in its expansion.
    whole, word_labels = expand(word)
    return f"{head}({whole} OR {word}*)", [*labels, *word_labels]


def without_lone_letter(text: str) -> str:
    """What is typed so far, less a last word of one letter.

    While typing, one letter stands for thousands of words: searching for all
    of them costs more than it tells, so the search waits for the next letter."""
    return re.sub(r"(?:^|\s+)[^\W\d_]$", "", text)


def has_terms(parsed: wq.Query) -> bool:
    if parsed is wq.NullQuery:
        return False
    return any(True for _ in parsed.leaves()) or isinstance(parsed, wq.Term)


def _phrase(fieldname: str, value: str, analyzer_terms: list[str]) -> wq.Query:
    if not analyzer_terms:
        return wq.NullQuery
    if len(analyzer_terms) == 1:
        return wq.Term(fieldname, analyzer_terms[0])
    return wq.Phrase(fieldname, analyzer_terms)


def year_query(value: str) -> wq.Query | None:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return wq.NumericRange("year", int(value), int(value))
    match = YEAR_RANGE.match(value)
    if match and (match.group("lo") or match.group("hi")):
        lo = int(match.group("lo")) if match.group("lo") else None
        hi = int(match.group("hi")) if match.group("hi") else None
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo  # 2021..2019 means the same years as 2019..2021
        return wq.NumericRange("year", lo, hi)
    return None


def kind_query(value: str, known_kinds: Sequence[str]) -> wq.Query:
    """``type:podcast`` means "podcast episode"; an exact kind wins over partial ones."""
    wanted = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    if wanted in known_kinds:
        return wq.Term("kind", wanted)
    singular = wanted[:-1] if wanted.endswith("s") else wanted
    matches = [
        kind
        for kind in known_kinds
        if singular in kind or any(word.startswith(singular) for word in kind.split())
    ]
    return wq.Or([wq.Term("kind", kind) for kind in matches]) if matches else wq.NullQuery


def facet_value_query(fieldname: str, textfield: str | None, value: str) -> wq.Query:
    """An exact facet value (from a click), or loosely a phrase of its words (typed)."""
    options: list[wq.Query] = [wq.Term(fieldname, value)]
    lowered = value.lower()
    if lowered != value:
        options.append(wq.Term(fieldname, lowered))
    if textfield:
        analyzer_terms = [t.text for t in name_analyzer()(value)]
        if textfield == "topics_text":
            analyzer_terms = analyse(value)
        options.append(_phrase(textfield, value, analyzer_terms))
    else:
        options.append(wq.Prefix(fieldname, lowered))
    return wq.Or([o for o in options if o is not wq.NullQuery])


def tag_query(value: str) -> wq.Query:
    """One of the user's tags, exactly as the facet lists it or in any case."""
    folded = " ".join(value.split()).casefold()
    return wq.Or([wq.Term("tag", value), wq.Term("tag_key", folded)])


def status_query(value: str) -> wq.Query:
    """``status:current``: one of the statuses (resources_db.currency.STATUSES), any case."""
    return wq.Term("status", " ".join(value.split()).lower())


FILTER_TEXT_FIELDS: dict[str, tuple[str, str | None]] = {
    "organisation": ("organisation", "organisations_text"),
    "topic": ("topic", "topics_text"),
    "audience": ("audience", None),
    "setting": ("setting", None),
    "format": ("format", None),
}


def filter_query(filters: Mapping[str, Sequence[str]], known_kinds: Sequence[str]) -> wq.Query:
    """Values of one filter are alternatives (OR); different filters all apply (AND)."""
    clauses: list[wq.Query] = []
    for name, values in filters.items():
        options: list[wq.Query] = []
        for value in values:
            option = _one_filter(name, value, known_kinds)
            if option is not None:
                options.append(option)
        if options:
            clauses.append(wq.Or(options) if len(options) > 1 else options[0])
    if not clauses:
        return wq.Every()
    return wq.And(clauses) if len(clauses) > 1 else clauses[0]


def _one_filter(name: str, value: str, known_kinds: Sequence[str]) -> wq.Query | None:
    if name == "kind":
        return kind_query(value, known_kinds)
    if name == "year":
        return year_query(value)  # an unreadable year is ignored rather than failing
    if name == "author":
        return _phrase("authors_text", value, [t.text for t in name_analyzer()(value)])
    if name == "campaign":
        return _phrase("campaign_text", value, [t.text for t in name_analyzer()(value)])
    if name == "tag":
        return tag_query(value)
    if name == "status":
        return status_query(value)
    if name in FILTER_TEXT_FIELDS:
        fieldname, textfield = FILTER_TEXT_FIELDS[name]
        return facet_value_query(fieldname, textfield, value)
    return None
