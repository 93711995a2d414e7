"""Phase lines on stderr for commands that make the user wait: `cnnlab report: evaluating the best run ...`.

A phase is announced only once it has lasted `delay` seconds (1 s by default), so a quick command, or
one that fails at once with its one-line error, prints nothing extra. On a terminal each phase
replaces the one before on a single line (cleared when the command ends); anywhere else (a log file,
a pipe, CI) every phase shown is one plain line. Stdout stays free for the command's result.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

DELAY = 1.0  # seconds a phase lasts before its line is shown (tests set 0 to see every phase)


class Phases:
    """Call with each phase's text; use as a context manager so a pending phase is dropped at the end."""

    def __init__(self, command: str, stream: TextIO | None = None, delay: float | None = None) -> None:
        self.command = command
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay = DELAY if delay is None else delay
        self.start = time.monotonic()
        self.shown = 0  # phase lines written
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._current = 0

    def _show(self, number: int, text: str) -> None:
        with self._lock:
            if number != self._current:  # the phase ended before its line was due
                return
            line = f"{self.command}: {text}"
            if self.tty:
                self.stream.write(f"\r\x1b[K{line} [{time.monotonic() - self.start:.0f} s]")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()
            self.shown += 1

    def __call__(self, text: str) -> None:
        with self._lock:
            self._current += 1
            number = self._current
            if self._timer is not None:
                self._timer.cancel()
        if self.delay <= 0:
            self._show(number, text)
            return
        self._timer = threading.Timer(self.delay, self._show, (number, text))
        self._timer.daemon = True
        self._timer.start()

    def end(self) -> None:
        """The current phase is over: its line, if not yet due, is never written."""
        with self._lock:
            self._current += 1
            if self._timer is not None:
                self._timer.cancel()

    def __enter__(self) -> Phases:
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._current += 1
            if self._timer is not None:
                self._timer.cancel()
            if self.tty and self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
