"""Errors the library raises; the CLI turns each into one line on stderr and an exit code."""


class SummarizeError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    exit_code = 1


class UsageError(SummarizeError):
    """The request itself is wrong (missing path, unknown algorithm, bad budget): exit code 2."""

    exit_code = 2


class NothingToSummarize(SummarizeError):
    """No input had usable text: exit code 1. `skipped` holds every input met, with the reason."""

    exit_code = 1

    def __init__(self, message: str, skipped: tuple = ()) -> None:
        super().__init__(message)
        self.skipped = tuple(skipped)


class CantWrite(SummarizeError):
    """The brief or the state can't be written (a missing or read-only folder, a full disk): exit code 3,
    so a cron job can tell "fix the machine" from "nothing came in" (1) and "fix the command" (2)."""

    exit_code = 3


CANT_WRITE = CantWrite.exit_code
