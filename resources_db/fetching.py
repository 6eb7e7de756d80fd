"""Fetching a feed or file once over http(s), with a time-out and a size cap."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_S = 20.0
MAX_BYTES = 100 * 1024 * 1024
USER_AGENT = "IMH-Library/1 (offline library; fetches a feed once when asked)"


class FetchError(ValueError):
    """The address could not be fetched; one plain sentence."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str


def is_web_address(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


def fetch(url: str, *, timeout_s: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Fetched:
    if not is_web_address(url):
        raise FetchError(f"{url} is not an http or https address.")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            data = response.read(max_bytes + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url} answered with HTTP {error.code} ({error.reason}).") from error
    except TimeoutError as error:
        raise FetchError(f"{url} did not answer within {timeout_s:.0f} seconds.") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url} could not be reached ({reason}).") from error
    if len(data) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB.")
    return Fetched(final_url, data, content_type)
