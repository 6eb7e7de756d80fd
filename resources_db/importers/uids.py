"""Stable uids for imported resources, so importing the same thing again merges.

Every uid carries a prefix naming what it was derived from: ``feed:`` (a feed
entry's guid or link), ``doi:``, ``url:``, ``pdf:`` (sha256 of the file) and
``title:`` (sha1 of the normalised title and year, the last resort).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Tracking parameters change per share but never change what is linked to.
_TRACKING_PARAMS = ("fbclid", "gclid")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_url(url: str) -> str:
    """Lowercase scheme and host, drop fragment, tracking params, default port, trailing slash."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        # A malformed port or IPv6 literal: keep the text rather than fail the import.
        return text
    scheme = parts.scheme.lower()
    # hostname drops any user:password@ part: credentials are not part of a link's identity.
    host = (parts.hostname or "").lower()
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        host = f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
        ]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, query, ""))


def normalise_doi(doi: str) -> str:
    """The bare, lowercased DOI (``10.xxxx/...``), or "" when the text is not a DOI."""
    text = _DOI_PREFIX.sub("", doi.strip()).strip().lower()
    return text if _DOI_SHAPE.match(text) else ""


def doi_from_url(url: str) -> str:
    """A DOI hidden in a doi.org link, so a link and a DOI column give one uid."""
    if re.match(r"^https?://(?:dx\.)?doi\.org/", url.strip(), re.IGNORECASE):
        return normalise_doi(url)
    return ""


def normalise_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


def feed_uid(guid: str, link: str, fallback: str = "") -> str:
    """The entry's guid/id, else its normalised link, else a hash of ``fallback`` text."""
    if guid.strip():
        return "feed:" + guid.strip()
    if link.strip():
        return "feed:" + normalise_url(link)
    return "feed:" + title_uid(fallback)


def doi_uid(doi: str) -> str:
    return "doi:" + normalise_doi(doi)


def url_uid(url: str) -> str:
    return "url:" + normalise_url(url)


def pdf_uid(data: bytes) -> str:
    return "pdf:" + hashlib.sha256(data).hexdigest()


def title_uid(title: str, year: int | str | None = None) -> str:
    key = f"{normalise_title(title)}|{year or ''}"
    return "title:" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def best_uid(
    title: str, *, uid: str = "", doi: str = "", url: str = "", year: object = None
) -> str:
    """An explicit uid, else the DOI, else the URL, else the title and year."""
    if uid.strip():
        return uid.strip()
    bare_doi = normalise_doi(doi) or doi_from_url(url)
    if bare_doi:
        return "doi:" + bare_doi
    if url.strip():
        return url_uid(url)
    return title_uid(title, year if isinstance(year, int | str) else None)
