"""The `summarize` command: parse options, call the library, print. No pipeline logic here."""

from __future__ import annotations

import os
import sys
from enum import StrEnum

import typer

from .errors import SummarizeError
from .rank import ALGORITHMS, DEFAULT_ALGORITHM

ALGORITHM_HELP = f"Ranking algorithm (default: {DEFAULT_ALGORITHM}).\n\n" + "\n\n".join(
    f"{a.name}: {a.summary}" for a in ALGORITHMS.values()
)


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def _fail(message: str, code: int) -> None:
    typer.echo(f"summarize: {message}", err=True)
    raise typer.Exit(code)


@app.command(
    help="Summarise articles into one short, attributed digest.\n\n"
    "Reads text, Markdown and HTML files, RSS/Atom feeds, JSON/JSONL records, http(s) URLs, folders of "
    "them (recursively) and - for stdin; near-duplicate "
    "sentences are collapsed and every source that carries one is credited."
)
def main(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Files, folders, URLs, or - for stdin.", show_default=False
    ),
    length: int | None = typer.Option(None, "--length", "-n", help="Number of sentences (default 10)."),
    words: int | None = typer.Option(None, "--words", "-w", help="Word budget: whole sentences, at most N words."),
    algorithm: str = typer.Option(DEFAULT_ALGORITHM, "--algorithm", "-a", help=ALGORITHM_HELP),
    query: str | None = typer.Option(
        None, "--query", help="Focus the digest on a question or topic (used by algorithms that say so)."
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings or progress display on stderr."),
) -> None:
    from contextlib import nullcontext

    from .pipeline import summarize
    from .progress import TerminalProgress

    display = TerminalProgress() if not quiet and TerminalProgress.wanted() else None
    try:
        with display or nullcontext():
            digest = summarize(paths, length=length, words=words, algorithm=algorithm, query=query, progress=display)
    except SummarizeError as err:
        _fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except MemoryError:
        _fail("out of memory: summarise fewer or smaller inputs", 1)
    except Exception as err:  # a bug of ours: one line for cron's mail, the traceback on request
        if os.environ.get("SUMMARIZE_DEBUG"):
            raise
        _fail(f"internal error ({type(err).__name__}: {err}); rerun with SUMMARIZE_DEBUG=1 and report it", 1)
    if not quiet:
        if query and not ALGORITHMS[digest.settings["algorithm"]].takes_query:
            typer.echo(f"summarize: warning: {digest.settings['algorithm']} ranks without --query", err=True)
        for skipped in digest.skipped:
            typer.echo(f"summarize: skipped {skipped.path}: {skipped.reason}", err=True)
    try:
        sys.stdout.write(digest.render(fmt.value))
        sys.stdout.flush()
    except BrokenPipeError:  # `summarize ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run() -> None:
    """Console-script entry point."""
    app(prog_name="summarize")


if __name__ == "__main__":
    run()
