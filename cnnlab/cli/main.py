"""`cnnlab`: the command-line entry point. Every user-facing error is one line and a non-zero exit."""

from __future__ import annotations

import atexit
import os
import sys
import threading

import typer

from cnnlab.cli import evaluate, experiments, explain, inspect, models, report, train
from cnnlab.cli.common import PLAIN_WIDTH, is_terminal
from cnnlab.errors import CnnlabError
from cnnlab.version import __version__

app = typer.Typer(
    name="cnnlab",
    help="Train, compare and understand small convolutional networks (MNIST bundled; CIFAR; image folders).",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
for module in (train, evaluate, models, inspect, explain, experiments, report):
    module.register(app)


def _print_version(value: bool) -> None:
    if value:
        print(f"cnnlab {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", "-V", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Train, compare and understand small convolutional networks (MNIST bundled; CIFAR; image folders)."""


def _plain_help_when_not_a_terminal() -> None:
    """Help for a pipe or a log: click's plain layout, one line per option, never wrapped at 80 columns."""
    if not is_terminal(sys.stdout):
        app.rich_markup_mode = None
        app.info.context_settings = {**app.info.context_settings, "max_content_width": PLAIN_WIDTH,
                                     "terminal_width": PLAIN_WIDTH}


def _usage_error(e: Exception) -> str | None:
    """Click's usage errors (Typer vendors its own click, so match them by shape, not by class)."""
    if not (hasattr(e, "format_message") and hasattr(e, "exit_code")):
        return None
    ctx = getattr(e, "ctx", None)
    if type(e).__name__ == "NoArgsIsHelpError":
        return ctx.get_help() if ctx else ""
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"error: {e.format_message()}{hint}"


def main(argv: list[str] | None = None) -> None:
    _plain_help_when_not_a_terminal()
    try:
        code = app(args=argv, prog_name="cnnlab", standalone_mode=False)
    except CnnlabError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:
        message = _usage_error(e)
        if message is not None:
            print(message, file=sys.stderr)
            sys.exit(2)
        if os.environ.get("CNNLAB_DEBUG"):  # a bug in cnnlab, not the user's input
            raise
        print(f"error: internal error: {type(e).__name__}: {e} (set CNNLAB_DEBUG=1 for the traceback)", file=sys.stderr)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)


def entry() -> None:
    """The `cnnlab` command (and `python -m cnnlab`): `main`, then an exit that skips torch's teardown.

    Once torch is loaded, the interpreter's teardown (freeing every module, then libtorch's static
    destructors) takes 0.3-0.5 s a process on a 2-core VM and does nothing a finished command needs. So
    after the exit handlers run (trackers, process pools, logging flush) and the streams are flushed, the
    process ends at once. Only when no other thread is running: a live non-daemon thread is waited for, as
    a normal exit would; so is a profiler, tracer or debugger, which writes its results after. In-process
    callers (`main([...])`, the tests) keep the normal exit."""
    try:
        main()
    except SystemExit as e:
        code = e.code
    else:
        code = 0
    watched = sys.getprofile() is not None or sys.gettrace() is not None  # cProfile, coverage, a debugger
    if "torch" not in sys.modules or threading.active_count() > 1 or watched or not isinstance(code, int | None):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: the normal exit would not print either
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    entry()
