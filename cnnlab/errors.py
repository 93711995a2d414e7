"""The one exception type a user ever sees.

Anything raised as `CnnlabError` is printed by the CLI as a single line (no traceback) and ends the
command with a non-zero exit. The message names the problem: the file, key or value, and where
there is a closed set, the allowed choices.
"""

from __future__ import annotations

from collections.abc import Iterable


class CnnlabError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code: int = 2


class DiskFullError(CnnlabError):
    """A write failed because the disk (or the results store) is full: nothing was half-written, and every
    following write would fail too, so a sweep stops instead of failing each remaining run."""


class DivergedError(CnnlabError):
    """A training run diverged (loss not finite, or stuck at chance)."""

    exit_code = 3


def unknown_choice(what: str, value: object, choices: Iterable[str]) -> CnnlabError:
    """`unknown model 'foo' (choices: a, b, c)`."""
    return CnnlabError(f"unknown {what} {value!r} (choices: {', '.join(sorted(choices))})")
