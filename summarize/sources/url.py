"""Web addresses (http://, https://) given as inputs: fetched with the standard library, then read
by the reader for the content type (HTML page, feed, plain text, Markdown, JSON).

A fetch has a time limit for the whole download, a size cap, a clear User-Agent and at most
five redirects. Whatever goes wrong (an HTTP error, a timeout, too large, a content type that is
not text) is a `Skipped` with the reason, never an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..models import Skipped, Source
from . import feed, html, markdown, records, text
from .text import too_large

DEFAULT_TIMEOUT = 10.0
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024

Reader = Callable[..., list[Source | Skipped]]  # (raw bytes, name shown, ...) -> what was found
# Which reader reads a response, by its content type.
READERS: dict[str, Reader] = {
    "text/html": html.read,
    "application/xhtml+xml": html.read,
    "application/rss+xml": feed.read,
    "application/atom+xml": feed.read,
    "application/rdf+xml": feed.read_xml,
    "application/xml": feed.read_xml,
    "text/xml": feed.read_xml,
    "text/plain": text.read,
    "text/markdown": markdown.read,
    "application/json": records.read_json,
    "application/x-ndjson": records.read_jsonl,
    "application/jsonl": records.read_jsonl,
}
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "text/plain;q=0.8, text/markdown;q=0.8, application/json;q=0.7"
)


def is_url(item: str) -> bool:
    """Whether an input names a web address rather than a path."""
    return item[:8].lower().startswith(("http://", "https://"))


class _Refused(Exception):
    """A fetch given up on; the message is the reason."""


def _opener():
    """An opener that follows at most MAX_REDIRECTS redirects, to http and https addresses only."""
    import urllib.request
    from urllib.parse import urlsplit

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS
        max_repeats = 2

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise _Refused(f"redirected to an address that is not http or https ({newurl})")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects)


def _user_agent() -> str:
    from .. import __version__

    return f"summarize/{__version__} (+digest tool)"


def _download(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise _Refused(too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _Refused(f"timed out (the download took more than {timeout:g} s)")
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise _Refused(too_large(max_bytes))
        chunks.append(chunk)


def _reason(err: BaseException, timeout: float) -> str:
    """What went wrong with a fetch, in words."""
    import http.client
    import urllib.error
    import urllib.request

    if isinstance(err, urllib.error.HTTPError):
        err.close()
        if 300 <= err.code < 400:
            if str(err.reason).startswith(urllib.request.HTTPRedirectHandler.inf_msg):  # a loop, or too many
                return f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop"
            return f"redirect not followed ({' '.join(str(err.reason).split())})"
        return f"HTTP error {err.code} ({err.reason})" if err.reason else f"HTTP error {err.code}"
    if isinstance(err, urllib.error.URLError):
        if not isinstance(err.reason, BaseException):
            return f"could not fetch ({err.reason})"
        err = err.reason
    if isinstance(err, TimeoutError):  # socket.timeout is TimeoutError
        return f"timed out (no answer within {timeout:g} s)"
    if isinstance(err, http.client.HTTPException):
        return f"bad response from the server ({type(err).__name__})"
    if isinstance(err, OSError) and err.strerror:
        return f"could not fetch ({err.strerror})"
    return f"could not fetch ({err})"


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> list[Source | Skipped]:
    """Fetch `url` and read it: sources whose path is `url` (feed entries and records `url#n`)."""
    import http.client  # the standard library's web client, loaded only when a URL is given
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": _user_agent(), "Accept": ACCEPT})
    opener = _opener()
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl() or url
            declared = response.headers.get("Content-Type")
            kind = response.headers.get_content_type() if declared else ""
            reader = READERS.get(kind)
            if reader is None:
                shown = f"'{kind}'" if kind else "none given"
                return [Skipped(url, f"unsupported content type ({shown})")]
            raw = _download(response, max_bytes, deadline, timeout)
            charset = response.headers.get_content_charset()
    except _Refused as err:
        return [Skipped(url, str(err))]
    except ValueError as err:
        return [Skipped(url, f"not a valid web address ({err})")]
    except (OSError, http.client.HTTPException) as err:  # URLError and HTTPError are OSErrors
        return [Skipped(url, _reason(err, timeout))]
    # A page's source gets the address it was fetched from; feed entries and records keep their own.
    return reader(raw, url, url=final, charset=charset)
