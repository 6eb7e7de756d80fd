"""Which format a file is in, judged from its content; the extension only breaks ties.

Detection may see only the first few megabytes of a large file, so it never
requires the whole document to parse: that is the parser's job.
"""

from __future__ import annotations

import re

from resources_db.importers.common import ImportRejected, display_name

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_NETSCAPE = re.compile(r"<!DOCTYPE\s+NETSCAPE-Bookmark-file-1\s*>", re.IGNORECASE)
_PACK_JSON = re.compile(r'"format"\s*:\s*"imh-library-pack"')
# "{" must open an object ('{"' or '{}'): RTF files start with "{\\rtf".
_JSON_START = re.compile(r'\[|\{\s*["}]')
_RIS_TAG = re.compile(r"^TY {1,2}- ", re.MULTILINE)  # one or two spaces, as Zotero reads it
# Prolog items that may come before an XML root element.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^<>\[]|\[.*?\])*>)", re.DOTALL)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# "@article{key," and the like, after any "%" comment lines.
_BIBTEX_ENTRY = re.compile(r"(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")
_DELIMITERS = (",", ";", "\t")
# A caption file or a transcript with leading times, as an episode's transcript is written:
# "WEBVTT", SRT's numbered cue ("1" then "00:00:01,000 -->"), or "[00:00:05] Amy: …".
_TRANSCRIPT_START = re.compile(
    r"WEBVTT\b"
    r"|\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d+[ \t]*-->"
    r"|\[\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]"
)
_EXTENSIONS = {
    "csv": "csv",
    "tsv": "csv",
    "json": "json",
    "ris": "ris",
    "opml": "opml",
    "rss": "feed",
    "atom": "feed",
    "xml": "feed",
    "html": "bookmarks",
    "htm": "bookmarks",
    "pdf": "pdf",
    "zip": "pack",
    "imhpack": "pack",
}


def detect_format(data: bytes, name: str = "") -> str:
    """One of FORMATS, or ImportRejected for empty files and unreadable bytes."""
    if data.startswith(_ZIP_MAGIC):
        return "pack"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    text = _as_text(data)
    if text is None:
        raise _not_importable(name, "it looks like binary data")
    stripped = text.strip()
    if not stripped:
        raise _not_importable(name, "it is empty")
    if _BIBTEX_ENTRY.match(stripped):
        raise ImportRejected(
            f"{display_name(name)} is a BibTeX file, which IMH Library writes for reference "
            "managers but does not read; import a RIS, CSV, JSON or pack export instead."
        )
    if _TRANSCRIPT_START.match(stripped):
        raise ImportRejected(
            f"{display_name(name)} is a transcript, which belongs to an episode: import it "
            "with --for UID, or drop it on the episode in the window."
        )
    found = _from_text(stripped, _extension(name))
    if found is None:
        raise _not_importable(name, "it is not a feed, OPML, CSV, JSON, RIS, bookmarks or PDF file")
    return found


def _from_text(text: str, extension: str) -> str | None:
    if text.startswith("<"):
        return _from_markup(text, extension)
    if _RIS_TAG.search(text[:4096]):
        return "ris"
    if _JSON_START.match(text):
        is_pack = text.startswith("{") and _PACK_JSON.search(text[:65536])
        return "pack" if is_pack else "json"
    if _looks_delimited(text) or extension == "csv":
        return "csv"
    return None


def _from_markup(text: str, extension: str) -> str | None:
    if _NETSCAPE.search(text[:4096]):
        return "bookmarks"
    root = _root_name(text)
    if root in _FEED_ROOTS:
        return "feed"
    if root == "opml":
        return "opml"
    # Some exporters drop the Netscape doctype but keep the <DT><A HREF> shape.
    if root in ("html", "dl", "meta", "title", "h1") and re.search(
        r"<dt>\s*<a\s[^>]*href", text[:65536], re.IGNORECASE
    ):
        return "bookmarks"
    if root is None and extension in ("feed", "opml"):
        return extension
    return None


def _root_name(text: str) -> str | None:
    position = 0
    # Bounded loop: a prolog is a handful of items, never thousands.
    for _ in range(200):
        match = _PROLOG.match(text, position)
        if not match or match.end() == position:
            break
        position = match.end()
    root = _ROOT.match(text, position)
    if root is None:
        return None
    return root.group(1).rsplit(":", 1)[-1].lower()


def _looks_delimited(text: str) -> bool:
    """A header row: a line with a delimiter and no control characters."""
    header = text.split("\n", 1)[0].rstrip("\r")
    return any(d in header for d in _DELIMITERS) and header.replace("\t", " ").isprintable()


def _as_text(data: bytes) -> str | None:
    """The bytes as text, or None when they are binary (NULs or many control bytes)."""
    sample = data[:65536]
    if sample.startswith(_BOMS[1:]):
        # Only the head may have been passed, so an odd final byte is not an error.
        return data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    if b"\x00" in sample:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Only the head may have been passed: a multibyte char may be cut at the end.
        try:
            text = data[:-4].decode("utf-8-sig") if len(data) > 4 else ""
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for char in text[:65536] if char < " " and char not in "\t\r\n")
    if controls > max(2, len(text[:65536]) // 100) or text.count("\ufffd") > len(text) // 20:
        return None
    return text


def _extension(name: str) -> str:
    base = display_name(name).lower()
    return _EXTENSIONS.get(base.rsplit(".", 1)[-1], "") if "." in base else ""


def _not_importable(name: str, reason: str) -> ImportRejected:
    return ImportRejected(
        f"{display_name(name)} is not a format IMH Library can import ({reason})."
    )
