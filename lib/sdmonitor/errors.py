"""Errors that the command line turns into one readable message and an exit code."""

from __future__ import annotations


class SdmonitorError(Exception):
    """Base class: a problem the user can act on. `exit_code` follows INTERFACE.md §1."""

    exit_code = 1


class UsageError(SdmonitorError):
    """Wrong usage: unknown municipality, malformed periode, missing folder (exit 2)."""

    exit_code = 2


class InvalidDataError(SdmonitorError):
    """The input data does not meet the contract (exit 3); nothing is written."""

    exit_code = 3

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ChapterError(SdmonitorError):
    """A chapter notebook failed to execute (exit 4)."""

    exit_code = 4


class TekstcontroleError(SdmonitorError):
    """The analyst's text contradicts its figures and the run was asked to publish only checked
    text (`--tekstcontrole streng`): exit 4, like a chapter that cannot be built; nothing is
    written."""

    exit_code = 4
