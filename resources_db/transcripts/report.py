"""What a feed's import or refresh says about the transcripts and chapters it fetched.

The command line and the window print the same lines: how many were kept for
offline use, and one sentence per file that was not (the first few, then how
many more), each naming its episode. Imports nothing heavy: the window's
summaries use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NOT_KEPT_SHOWN = 5  # the sentences listed before "and N more"


@dataclass(frozen=True)
class NotKept:
    """A transcript or chapters file a feed names that was refused or could not be fetched."""

    episode: str  # the episode's title
    kind: str  # "transcript" or "chapters"
    reason: str  # one sentence naming the file

    def text(self) -> str:
        return f"{self.episode}: {self.reason}"


def kept_line(transcripts: int, chapters: int, indent: str = "  ") -> list[str]:
    if not (transcripts or chapters):
        return []
    return [
        f"{indent}Kept for offline use: {transcripts} transcript{'s' * (transcripts != 1)}, "
        f"{chapters} chapter list{'s' * (chapters != 1)}"
    ]


def files_phrase(items: Sequence[NotKept]) -> str:
    """``1 transcript file``, ``2 chapters files``, ``3 transcript and chapters files``."""
    kinds = {item.kind for item in items}
    noun = " and ".join(kind for kind in ("transcript", "chapters") if kind in kinds)
    return f"{len(items)} {noun} file{'s' * (len(items) != 1)}"


def not_kept_sentence(items: Sequence[NotKept]) -> str:
    """The count for a status line, or nothing when every file was kept."""
    if not items:
        return ""
    return f"{files_phrase(items)} {'was' if len(items) == 1 else 'were'} not kept."


def not_kept_lines(items: Sequence[NotKept], indent: str = "  ") -> list[str]:
    if not items:
        return []
    lines = [f"{indent}Not kept for offline use: {files_phrase(items)}"]
    lines += [f"{indent}  {item.text()}" for item in items[:NOT_KEPT_SHOWN]]
    if len(items) > NOT_KEPT_SHOWN:
        lines.append(f"{indent}  and {len(items) - NOT_KEPT_SHOWN} more")
    return lines
