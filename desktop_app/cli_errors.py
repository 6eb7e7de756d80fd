"""Exit statuses and the one error type command handlers raise."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_CHECK_FAILED = 4


class CommandError(Exception):
    """A failure to report as one sentence with a given exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
