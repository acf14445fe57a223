"""The `summarize` command: parse options, call the library, print. No pipeline logic here."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from .errors import CANT_WRITE, NothingToSummarize, SummarizeError, UsageError
from .formats import ALIASES as FORMAT_ALIASES
from .formats import FORMATS
from .rank import ALGORITHMS, DEFAULT_ALGORITHM

ALGORITHM_HELP = (
    f"Ranking algorithm (default: {DEFAULT_ALGORITHM}; sumy's names such as lex-rank work too).\n\n"
    + "\n\n".join(f"{a.name}: {a.summary}" for a in ALGORITHMS.values())
)

app = typer.Typer(
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _format_option(value: str | None) -> str | None:
    """`--format`: a known form or its short name (`md`), else typer's one-line usage error."""
    if value is None:
        return None
    from .formats import format_name

    try:
        return format_name(value)
    except SummarizeError as err:
        raise typer.BadParameter(str(err)) from None


def _version_option(value: bool) -> None:
    """`--version`, `-V`: the version, and nothing else done."""
    if value:
        from . import __version__

        typer.echo(f"summarize {__version__}")
        raise typer.Exit()


def _stdin_piped() -> bool:
    """Whether standard input is a pipe or a file that holds something (`cat a.txt | summarize`,
    `summarize < a.txt`), not a terminal, /dev/null or an empty pipe (cron's): then it is the
    input when none is named. Looking waits for the first byte or the end of the stream, and
    consumes nothing."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # no real descriptor (a test runner's stream)
        return False
    if not (stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)):
        return False
    stream = getattr(sys.stdin, "buffer", None)
    try:
        return bool(stream.peek(1)) if hasattr(stream, "peek") else True
    except (OSError, ValueError):
        return False


def _one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, so one message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# What each option wants, for the usage error of an empty value (`--since ''`).
_WANTED = {
    "--config": "name a TOML file",
    "--since": "give a time such as 24h, 7d or 2026-11-21",
    "--query": "give a question or topic",
    "--algorithm": "name one (summarize --help lists them)",
    "--language": "name one (or auto)",
    "--dask": "give a scheduler's address or local",
    "--output": "name a file",
    "--state": "name a file",
    "--cache": "name a folder (or use --no-cache)",
    "--inputs-from": "name a file (- for stdin)",
}


def _refuse_empty(given: dict[str, str | None]) -> None:
    """An option given an empty (or blank) value is a usage error, never a silent default:
    `--since ''` from an unset shell variable must not make a brief of everything."""
    for flag, value in given.items():
        if value is not None and not value.strip():
            _fail(f"{flag} is empty: {_WANTED[flag]}, or leave {flag} out", 2)


# A name in a message is cut in the middle past this many characters: a path of 250 or 2,000
# characters would fill a terminal's lines (and cron's mail) with one skipped file. Its start
# and its end (the file's own name) stay; the full name is in the json brief's `skipped`.
LONGEST_NAME = 120
_HEAD = 50
_LONG_WORD = re.compile(rf"\S{{{LONGEST_NAME + 1},}}")


def _short(name: str) -> str:
    """`name` on one line, cut in the middle with an ellipsis when it is over `LONGEST_NAME`."""
    name = _one_line(name)
    if len(name) <= LONGEST_NAME:
        return name
    return f"{name[:_HEAD]}...{name[-(LONGEST_NAME - _HEAD - 3) :]}"


def _say(message: str) -> None:
    """One line on stderr: control characters escaped, and every run of over `LONGEST_NAME`
    characters without a space (a path, an address) cut in the middle."""
    shown = _LONG_WORD.sub(lambda word: _short(word.group()), _one_line(message))
    typer.echo(f"summarize: {shown}", err=True)


def _fail(message: str, code: int) -> None:
    _say(message)
    raise typer.Exit(code)


@app.command(
    help="Summarise articles into one short, attributed digest.\n\n"
    "Reads text, Markdown and HTML files, RSS/Atom feeds, JSON/JSONL records, http(s) URLs, fsspec URLs "
    "(s3://, gs://, ...), folders of "
    "them (recursively), OPML lists of feeds and - for stdin (read when piped and nothing is named); near-duplicate "
    "sentences are collapsed and every source that carries one is credited.",
    epilog="Exit codes: 0 a brief was written, 1 nothing usable, 2 usage error, 3 the brief or state can't be written.",
)
def main(
    paths: list[str] = typer.Argument(
        None, metavar="PATH...", help="Files, folders, URLs, or - for stdin.", show_default=False
    ),
    inputs_from: list[str] | None = typer.Option(
        None,
        "--inputs-from",
        help="Read inputs from FILE, one path or address a line (# comments and blank lines ignored; - for stdin).",
        metavar="FILE",
        show_default=False,
    ),
    length: int | None = typer.Option(None, "--length", "-n", help="Number of sentences (default 10)."),
    words: int | None = typer.Option(None, "--words", "-w", help="Word budget: whole sentences, at most N words."),
    algorithm: str | None = typer.Option(None, "--algorithm", "-a", help=ALGORITHM_HELP, show_default=False),
    query: str | None = typer.Option(
        None, "--query", help="Focus the digest on a question or topic (used by algorithms that say so)."
    ),
    per_story: bool | None = typer.Option(
        None, "--per-story", help="Apply --length/--words to each story's section, not to the whole brief."
    ),
    language: str | None = typer.Option(
        None,
        "--language",
        "-l",
        help="The brief's language (default auto: the one most of the text is in); sources in another are skipped.",
        show_default=False,
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help=f"Output format: {', '.join(FORMATS)} ({', '.join(f'{k} for {v}' for k, v in FORMAT_ALIASES.items())}); "
        "default: from --output's suffix (.md, .html, .json, .txt), else text.",
        metavar="FORMAT",
        callback=_format_option,
        show_default=False,
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write the digest to FILE (atomically) instead of stdout.", metavar="FILE"
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only sources dated (or changed) since: 24h, 7d, or a date like 2026-11-21."
    ),
    state: str | None = typer.Option(
        None,
        "--state",
        help="Remember in FILE what was read (its sources and what they said); later briefs give only what is new.",
        metavar="FILE",
    ),
    keep_days: int | None = typer.Option(
        None, "--keep-days", help="With --state: forget what was read more than N days ago (30).", metavar="N"
    ),
    config: str | None = typer.Option(
        None, "--config", help="Read options from a TOML file; the command line wins.", metavar="FILE"
    ),
    quiet: bool | None = typer.Option(None, "--quiet", "-q", help="No warnings or progress display on stderr."),
    follow_links: bool | None = typer.Option(
        None, "--follow-links", help="In folders, follow links to files outside the folder (not followed by default)."
    ),
    cache: str | None = typer.Option(
        None,
        "--cache",
        help="Keep what addresses answered in DIR and ask again with conditional requests "
        "(default: $XDG_CACHE_HOME/summarize, else ~/.cache/summarize).",
        metavar="DIR",
        show_default=False,
    ),
    no_cache: bool | None = typer.Option(None, "--no-cache", help="Fetch every address anew; keep nothing."),
    explain: bool | None = typer.Option(
        None, "--explain", help="Under each sentence, why it is there: score, terms, sources, story, what it beat."
    ),
    extract: bool | None = typer.Option(
        None,
        "--extract",
        help="Print each source's cleaned text instead of a brief: the sentences a brief pools from it, one a line "
        "(--format json: a list of sources).",
    ),
    dask: str | None = typer.Option(
        None,
        "--dask",
        help="Run on a Dask cluster: a scheduler's address (tcp://host:8786), or local[:N] for N worker processes "
        "here (needs the dask extra: pip install 'summarize[dask]').",
        metavar="ADDRESS",
        show_default=False,
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        help="Processes for a large input's reading, cleaning and story grouping (default: this machine's cores; "
        "1: one process). The brief is the same whatever the number.",
        metavar="N",
        show_default=False,
    ),
    version: bool | None = typer.Option(
        None, "--version", "-V", help="Print the version and exit.", callback=_version_option, is_eager=True
    ),
) -> None:
    from contextlib import nullcontext
    from datetime import date

    from . import state as state_file
    from .config import load_config
    from .pipeline import summarize
    from .progress import TerminalProgress
    from .since import parse_since
    from .sources.lists import inputs_from as read_list

    _refuse_empty(
        {
            "--config": config,
            "--since": since,
            "--query": query,
            "--algorithm": algorithm,
            "--language": language,
            "--dask": dask,
            "--output": output,
            "--state": state,
            "--cache": cache,
            "--inputs-from": next((name for name in inputs_from or () if not name.strip()), None),
        }
    )
    try:
        settings = load_config(config) if config is not None else {}
    except SummarizeError as err:
        _fail(str(err), err.exit_code)

    def option(name: str, given, default=None):
        return given if given is not None else settings.get(name, default)

    if paths or inputs_from:  # inputs named on the command line replace the config file's
        inputs, lists = list(paths or []), list(inputs_from or [])
    else:
        inputs = list(settings.get("inputs") or [])
        lists = [settings["inputs_from"]] if "inputs_from" in settings else []
    try:
        inputs += [item for name in lists for item in read_list(name)]
    except SummarizeError as err:
        _fail(str(err), err.exit_code)
    if not inputs and not lists and _stdin_piped():
        inputs = ["-"]
    fmt_name = _chosen_format(fmt, output, settings)
    output = option("output", output)
    quiet = bool(option("quiet", quiet, False))
    if not inputs:
        _fail("no input given: name files, folders, URLs or - (or use --inputs-from, or 'inputs' in --config)", 2)

    state_path = option("state", state)
    _check_writable(output, state_path, [*inputs, *([config] if config else [])])
    if extract:
        _extract(
            inputs,
            fmt_name,
            output,
            quiet,
            option("language", language, "auto"),
            option("follow_links", follow_links, False),
        )
        return
    budget_given = length is not None or words is not None  # a budget on the command line replaces the file's
    display = TerminalProgress() if not quiet and TerminalProgress.wanted() else None
    try:
        since_moment = parse_since(option("since", since)) if option("since", since) else None
        dask_address = option("dask", dask)
        with (
            display or nullcontext(),
            state_file.locked(Path(state_path)) if state_path else nullcontext(),
            _cluster(dask_address, quiet) if dask_address else nullcontext() as client,
        ):
            days = option("keep_days", keep_days, state_file.KEEP_DAYS)
            if keep_days is not None and keep_days < 1:  # named as the user typed it
                raise UsageError(f"--keep-days must be a whole number of days, at least 1 (got {keep_days})")
            processes = option("jobs", jobs)
            if processes is not None and processes < 1:
                raise UsageError(f"--jobs must be a whole number of processes, at least 1 (got {processes})")
            if not quiet:
                _say_capped(processes, dask_address)
            remembered = state_file.State.load(Path(state_path), keep_days=days) if state_path else None
            digest = summarize(
                inputs,
                length=length if budget_given else settings.get("length"),
                words=words if budget_given else settings.get("words"),
                algorithm=option("algorithm", algorithm),
                query=option("query", query),
                per_story=bool(option("per_story", per_story, False)),
                language=option("language", language, "auto"),
                since=since_moment,
                state=remembered,
                progress=display,
                follow_links=bool(option("follow_links", follow_links, False)),
                own_files=[p for p in (output, state_path) if p],
                cache=_cache_folder(option("cache", cache), bool(option("no_cache", no_cache, False)), quiet),
                explain=bool(option("explain", explain, False)),
                client=client,
                jobs=processes,
            )
            _deliver(digest, fmt_name, output, quiet)
            if state_path:  # only once the brief is out: what was never delivered stays new
                try:
                    remembered.save(Path(state_path), date.fromisoformat(digest.settings["date"]))
                except OSError as err:
                    message = f"can't write state file {state_path}: {err.strerror or err} (the brief was delivered)"
                    _fail(message, CANT_WRITE)
    except SummarizeError as err:
        skipped = getattr(err, "skipped", ())
        if not quiet and len(skipped) > 1:  # one input: its reason is in the message itself
            _report_skipped(skipped)
        if isinstance(err, NothingToSummarize):
            _say_nothing(str(err), fmt_name, skipped, output)
        _fail(str(err), err.exit_code)
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except MemoryError:
        _fail("out of memory: summarise fewer or smaller inputs", 1)
    except Exception as err:  # a bug of ours: one line for cron's mail, the traceback on request
        if os.environ.get("SUMMARIZE_DEBUG"):
            raise
        _fail(f"internal error ({type(err).__name__}: {err}); rerun with SUMMARIZE_DEBUG=1 and report it", 1)


def _say_capped(jobs: int | None, dask_address: str | None) -> None:
    """On stderr: a process count past this machine's cores (`--jobs 100000`, `--dask
    local:100000`) is cut to the cores, and said so."""
    from .workers import capped_jobs

    asked = [(f"--jobs {jobs}", jobs)] if jobs is not None else []
    local = (dask_address or "").strip()
    if local.startswith("local:") and local[6:].isdigit():
        asked.append((f"--dask {local}", int(local[6:])))
    for what, count in asked:
        if (cores := capped_jobs(count)) < count:
            message = f"{what} is more than the {cores} cores this process may use: using {cores}"
            _say(f"warning: {message}")


@contextmanager
def _cluster(address: str, quiet: bool) -> Iterator:
    """The Dask client for `--dask`, its dashboard's address said on stderr (unless `quiet`)."""
    from .distributed import cluster

    with cluster(address) as client:
        if not quiet and client.dashboard_link:
            _say(f"Dask dashboard: {client.dashboard_link}")
        yield client


def _extract(inputs: list[str], fmt_name: str, output: str | None, quiet: bool, language: str, follow: bool) -> None:
    """`--extract`: each source's sentences, as a brief would pool them, on stdout or in `output`."""
    from .pipeline import sentences

    try:
        extraction = sentences(inputs, language=language, follow_links=bool(follow))
    except SummarizeError as err:
        skipped = getattr(err, "skipped", ())
        if not quiet and len(skipped) > 1:
            _report_skipped(skipped)
        _fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    if not quiet:
        _report_skipped(extraction.skipped)
    if fmt_name == "json":
        import json

        rows = [
            {"path": e.source.path, "title": e.source.title, "url": e.source.url, "sentences": list(e.sentences)}
            for e in extraction
        ]
        rendered = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    else:
        blocks = [
            "\n".join([f"== {_one_line(e.source.path or e.source.label)}", *(_one_line(t) for t in e.sentences)])
            for e in extraction
        ]
        rendered = "\n\n".join(blocks) + "\n"
    if output:
        _write(output, rendered)
    else:
        _print(rendered)


def _chosen_format(given: str | None, output: str | None, settings: dict) -> str:
    """The brief's form: `--format`, else the suffix of `--output` (`brief.html` is html), else the
    config file's `format`, else the suffix of its `output`, else text. The command line wins."""
    from .formats import format_name, from_suffix

    try:
        if given:
            return given
        if output is not None:
            return from_suffix(output) or (format_name(settings["format"]) if "format" in settings else "text")
        if "format" in settings:
            return format_name(settings["format"])
        return from_suffix(settings.get("output")) or "text"
    except SummarizeError as err:
        _fail(f"--config: {err}", err.exit_code)
        raise  # pragma: no cover - _fail has raised


def _cache_folder(given: str | None, off: bool, quiet: bool) -> str | None:
    """The HTTP cache's folder: `--cache`, else the user's cache folder; None with `--no-cache`
    or when the folder can't be used (said on stderr: the brief is made without the cache)."""
    from .sources.cache import default_folder, unusable

    if off:
        return None
    if given is not None and not given.strip():
        _fail("--cache is empty: name a folder, or use --no-cache", 2)
    folder = os.path.expanduser(given) if given else str(default_folder())
    if why := unusable(folder):
        if not quiet:
            _say(f"warning: can't use the cache folder {_short(folder)} ({why}): fetching without it")
        return None
    return folder


def _check_writable(output: str | None, state_path: str | None, read: list[str]) -> None:
    """Before any work: the brief and the state can both be written, are not one file, and
    neither is a file the brief reads (an input named on the command line, the config file):
    nothing the tool writes may destroy what it was given."""
    from .output import compressed_name, same_file, unwritable

    if output and (why := compressed_name(output)):
        _fail(f"--output {output}: {why}", 2)
    if output and state_path and same_file(output, state_path):
        _fail(f"--output and --state name the same file ({output}): give each its own", 2)
    for what, path in (("--output", output), ("--state", state_path)):
        given = next((r for r in read if path and r != "-" and os.path.isfile(r) and same_file(path, r)), None)
        if given is not None:
            _fail(f"{what} {path} is also an input ({given}): writing it would destroy it; choose another file", 2)
    for what, path in (("output", output), ("state file", state_path)):
        if path and (why := unwritable(path)):
            _fail(f"can't write {what} {path}: {why} (choose a writable place)", CANT_WRITE)


def _deliver(digest, fmt_name: str, output: str | None, quiet: bool) -> None:
    """Warnings on stderr, then the digest on stdout or, atomically, in `output`."""
    if not quiet:
        if digest.settings["query"] and not ALGORITHMS[digest.settings["algorithm"]].takes_query:
            _say(f"warning: {digest.settings['algorithm']} ranks without --query")
        _report_skipped(digest.skipped)
    # An html page's links to source files are relative to the folder it is written in.
    rendered = digest.render(fmt_name, _page_folder(output))
    if output:
        _write(output, rendered)
    else:
        _print(rendered)


def _page_folder(output: str | None) -> str | None:
    """The folder a brief written to `output` lands in (None for stdout or a device such as
    /dev/stdout: the current folder), so an html page's file links work from where it is."""
    if not output or (os.path.exists(output) and not os.path.isfile(output)):
        return None
    return os.path.dirname(os.path.abspath(output))


def _print(rendered: str) -> None:
    """The brief on stdout."""
    try:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    except BrokenPipeError:  # `summarize ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _skipped_line(item) -> str:
    return f"skipped {_short(item.path)}: {_one_line(item.reason)}"


def _report_skipped(skipped) -> None:
    for item in skipped:
        _say(_skipped_line(item))


def _say_nothing(reason: str, fmt_name: str, skipped, output: str | None) -> None:
    """When nothing was usable, the brief says so in its own form: written to `output`, or, for the
    forms programs and browsers read (json, html), printed on stdout (text and Markdown leave
    stdout empty: the line on stderr says it)."""
    from .nothing import nothing

    if output:
        _write(output, nothing(reason, fmt_name, skipped))
    elif fmt_name in ("json", "html"):
        _print(nothing(reason, fmt_name, skipped))


def _write(path: str, text: str) -> None:
    from .output import write_atomic

    try:
        write_atomic(path, text)
    except OSError as err:
        _fail(f"can't write {path}: {err.strerror or err} (check the folder exists and is writable)", CANT_WRITE)


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def run() -> None:
    """Console-script entry point."""
    # The only BLAS work is small dense products (LexRank's walk on <= 2,000 sentences), which a
    # thread pool cannot speed up; on a busy machine its waiting threads made a 3,000-sentence
    # digest 1.6x slower. One thread, unless the user has chosen otherwise (set before numpy loads).
    for variable in BLAS_THREADS:
        os.environ.setdefault(variable, "1")
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must not crash the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from typer.exceptions import TyperException

    # The cycle collector is off for the run (on again after, if it was): `summarize()` pauses it
    # for its own work, and left on, its first full pass over the finished digest's hundreds of
    # thousands of objects cost 0.5 s of the 100,000-record brief's printing, for no garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        code = app(prog_name="summarize", standalone_mode=False)
    except TyperException as err:  # a wrong option or value: one line, not a usage block
        _say(f"{err.format_message()} (see summarize --help)")
        sys.exit(err.exit_code)
    except typer.Abort:
        sys.exit(130)
    finally:
        if collecting:
            gc.enable()
    sys.exit(code or 0)


if __name__ == "__main__":
    run()
