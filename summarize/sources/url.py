"""Web addresses (http://, https://) given as inputs: fetched with the standard library, then read
by the reader for the content type (HTML page, feed, plain text, Markdown, JSON), or, when the
server sends a generic one (application/octet-stream, text/plain), for the address's suffix.

A fetch has a time limit for the whole exchange (connecting, headers, redirects and body: a
server trickling its headers a byte a second is cut off at the limit), a size cap on the decoded
body (so a gzip bomb is cut off too), a clear User-Agent and at most five redirects. A body that
is gzip- or deflate-encoded is decoded; one shorter than its Content-Length is reported as
truncated; plain text that is really a feed, a page or JSON is read as what it is. Whatever goes
wrong is a `Skipped` with the reason, never an exception.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

from ..models import Skipped, Source
from . import compressed, feed, html, markdown, records, text
from .cache import HttpCache, Stored, validator
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
# Content types that say nothing of what a body is: then the address's suffix does (`items.jsonl`).
GENERIC = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/x-download", "text/plain"})
BY_SUFFIX: dict[str, Reader] = {
    ".jsonl": records.read_jsonl,
    ".ndjson": records.read_jsonl,
    ".json": records.read_json,
    ".xml": feed.read_xml,
    ".rss": feed.read,
    ".atom": feed.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".txt": text.read,
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


class _Deadline:
    """Cuts every connection of one fetch when its time is up: socket timeouts bound each wait,
    not the whole exchange, so a server sending a byte a second would hold a fetch for ever.
    Each connection is watched through a duplicate of its socket, made as it connects, so a
    TLS handshake (which takes the socket over) is cut too."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def connect(self, address, timeout=None, source_address=None, **kwargs) -> socket.socket:
        """`socket.create_connection`, the name looked up within the time left (a resolver that
        never answers can't hold the fetch either), the new socket watched."""
        host, port = address[:2]
        found: list = []
        lookup = threading.Thread(target=lambda: found.append(_addresses(host, port)), daemon=True)
        lookup.start()
        lookup.join(max(0.0, self.ends - time.monotonic()))
        if not found:
            raise TimeoutError("the host name could not be looked up in time")
        if isinstance(found[0], BaseException):
            raise found[0]
        sock = None
        error: OSError | None = None
        for family, kind, protocol, _, where in found[0]:
            try:
                sock = socket.socket(family, kind, protocol)
                sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(where)
                break
            except OSError as err:
                error = err
                sock.close()
                sock = None
        if sock is None:
            raise error or OSError("no address to connect to")
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                self._cut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._cut(sock)

    @staticmethod
    def _cut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked read at once, on every copy of the socket
        except OSError:
            pass


def _addresses(host: str, port: int) -> list | BaseException:
    """The addresses to connect to for `host` (what `getaddrinfo` gives, or the error it raised)."""
    try:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    except OSError as err:
        return err


def _opener(deadline: _Deadline | None = None):
    """An opener that follows at most MAX_REDIRECTS redirects, to http and https addresses only,
    with every connection it makes watched by `deadline`."""
    import http.client
    import urllib.request
    from urllib.parse import urlsplit

    class Watched(http.client.HTTPConnection):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            if deadline is not None:
                self._create_connection = deadline.connect

    class WatchedTLS(http.client.HTTPSConnection):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            if deadline is not None:
                self._create_connection = deadline.connect

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Watched, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(WatchedTLS, req, context=self._context)

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS
        max_repeats = 2

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise _Refused(f"redirected to an address that is not http or https ({newurl})")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects, Plain, Secure)


def _user_agent() -> str:
    from .. import __version__

    return f"summarize/{__version__} (+digest tool)"


def _decoder(response):
    """A decompressor for the body's Content-Encoding (None: the body is as sent)."""
    import zlib

    coding = (response.headers.get("Content-Encoding") or "").strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":  # zlib-wrapped, as the standard says, or raw, as some servers send
        return zlib.decompressobj(32 + zlib.MAX_WBITS) if _zlib_wrapped(response) else zlib.decompressobj(-15)
    raise _Refused(f"unsupported content encoding '{coding}'")


def _zlib_wrapped(response) -> bool:
    head = response.peek(2)[:2] if hasattr(response, "peek") else b""
    return len(head) == 2 and head[0] & 0x0F == 8 and int.from_bytes(head, "big") % 31 == 0


def _download(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, decoded, at most `max_bytes` of it (after decoding: a small gzip body can hold
    gigabytes); a body cut short of its Content-Length is refused as truncated."""
    import zlib

    length = response.headers.get("Content-Length")
    announced = int(length) if length and length.strip().isdigit() else None
    decoder = _decoder(response)
    if announced is not None and announced > max_bytes and decoder is None:
        raise _Refused(too_large(max_bytes))
    chunks: list[bytes] = []
    size = received = 0
    while True:
        if time.monotonic() > deadline:
            raise _Refused(f"timed out (the download took more than {timeout:g} s)")
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, max_bytes + 1 - size)
            except zlib.error as err:
                raise _Refused(f"the compressed body is damaged ({err})") from None
        size += len(chunk)
        if size > max_bytes or (decoder is not None and decoder.unconsumed_tail):
            raise _Refused(too_large(max_bytes))
        chunks.append(chunk)
    if announced is not None and received < announced:
        raise _Refused(f"truncated: the server sent {received} of the {announced} bytes it announced")
    if decoder is not None:
        try:
            chunks.append(decoder.flush())
        except zlib.error as err:
            raise _Refused(f"the compressed body is damaged ({err})") from None
        if decoder.eof is False and received:
            raise _Refused("truncated: the compressed body ends early")
    body = b"".join(chunks)
    if len(body) > max_bytes:
        raise _Refused(too_large(max_bytes))
    return body


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


def _requoted(url: str) -> str:
    """`url` as it can be sent: spaces and other characters an address can't hold literally
    percent-encoded (`%` escapes already there kept), a host in another alphabet as IDNA.
    Raises `_Refused` for an address with control characters in it."""
    from urllib.parse import quote, urlsplit, urlunsplit

    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise _Refused("not a valid web address (it contains a control character)")
    parts = urlsplit(url.strip())
    host = parts.netloc
    if not host.isascii():
        try:
            userinfo, _, hostport = host.rpartition("@")
            name, colon, port = hostport.partition(":")
            host = (f"{userinfo}@" if userinfo else "") + name.encode("idna").decode("ascii") + colon + port
        except UnicodeError:
            raise _Refused("not a valid web address (its host name can't be encoded)") from None
    safe = "/:@!$&'()*+,;=%~"
    return urlunsplit(
        (
            parts.scheme,
            host,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            quote(parts.fragment, safe=safe + "?"),
        )
    )


def _first_suffix(known, *addresses: str) -> str | None:
    """The suffix of the first of `addresses` whose path ends in one of `known`, if any."""
    from pathlib import PurePosixPath
    from urllib.parse import urlsplit

    for address in addresses:
        try:
            suffix = PurePosixPath(urlsplit(address).path).suffix.lower()
        except ValueError:
            continue
        if suffix in known:
            return suffix
    return None


def _by_suffix(*addresses: str) -> Reader | None:
    """The reader the first of `addresses` whose path ends in a known suffix implies, if any."""
    suffix = _first_suffix(BY_SUFFIX, *addresses)
    return BY_SUFFIX[suffix] if suffix is not None else None


def _readable(kind: str, *addresses: str) -> bool:
    """Whether a body of content type `kind` from `addresses` can be read: a type a reader
    reads, an archive's, or a generic one the address's suffix explains (`feed.xml`, `a.txt.gz`)."""
    if kind in READERS or kind in compressed.CONTENT_TYPES:
        return True
    return kind in GENERIC and (_by_suffix(*addresses) is not None or _packed_suffix(*addresses) is not None)


def _packed_suffix(*addresses: str) -> str | None:
    """The compression suffix the first of `addresses` ends in (`feed.xml.gz`), if any."""
    return _first_suffix(compressed.SUFFIXES, *addresses)


def _read_body(kind: str, raw: bytes, url: str, final: str, charset: str | None, max_bytes: int) -> list:
    """What a body of content type `kind` holds: an archive (by its type, or a generic type and
    an address ending `.gz`, `.bz2`, `.xz`) is unpacked, within `max_bytes`, and read by the
    suffix inside its name (`feed.xml.gz`) or by what it holds."""
    suffix = compressed.packed(raw)
    named = kind in GENERIC and _packed_suffix(final, url) is not None
    unpack = suffix is not None and (kind in compressed.CONTENT_TYPES or named)
    if unpack:
        try:
            raw, charset = compressed.decompress(raw, suffix, max_bytes), None
        except text.Unusable as err:
            return [Skipped(url, str(err))]
    elif kind in compressed.CONTENT_TYPES:
        return [Skipped(url, f"not an archive, though the server says it is one ('{kind}')")]
    if unpack or named:  # read by the name inside the archive's (`feed.xml.gz`), else by what it holds
        from .sniff import sniff

        reader = _by_suffix(*(compressed.inner_name(a) or a for a in (final, url))) or sniff(raw) or text.read
        return reader(raw, url, url=final, charset=charset)
    return _reader_for(kind, raw, final, url)(raw, url, url=final, charset=charset)


def _reader_for(kind: str, raw: bytes, *addresses: str) -> Reader:
    """The reader for a body of content type `kind`. A generic type (application/octet-stream,
    text/plain, none) defers to the address's suffix (`items.jsonl`, `notes.md`); text/plain
    with no telling suffix is looked at, as servers label feeds, pages and JSON text/plain
    often enough."""
    if kind in GENERIC and (by_suffix := _by_suffix(*addresses)) is not None:
        return by_suffix
    if kind == "text/plain":
        from .sniff import sniff

        return sniff(raw) or READERS[kind]
    return READERS[kind]


def fetch(
    url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT, cache: HttpCache | None = None
) -> list[Source | Skipped]:
    """Fetch `url` and read it: sources whose path is `url` (feed entries and records `url#n`).

    With a `cache`, a request for an address answered before carries its validators, a 304 is
    read from the stored body, and a new answer with an ETag or a Last-Modified date is stored
    (unless the server says `Cache-Control: no-store`)."""
    import http.client  # the standard library's web client, loaded only when a URL is given
    import urllib.error
    import urllib.request

    stored = cache.get(url) if cache is not None else None
    waiting = [f"timed out (no answer within {timeout:g} s)"]  # what a cut-off is, as the fetch goes on
    with _Deadline(timeout) as watch:
        try:
            headers = {"User-Agent": _user_agent(), "Accept": ACCEPT, "Accept-Encoding": "gzip"}
            request = urllib.request.Request(_requoted(url), headers=headers | (stored.conditions() if stored else {}))
            deadline = time.monotonic() + timeout
            with _opener(watch).open(request, timeout=timeout) as response:
                waiting[0] = f"timed out (the download took more than {timeout:g} s)"
                final = response.geturl() or url
                declared = response.headers.get("Content-Type")
                kind = response.headers.get_content_type() if declared else ""
                if not _readable(kind, final, url):
                    shown = f"'{kind}'" if kind else "none given"
                    return [Skipped(url, f"unsupported content type ({shown})")]
                raw = _download(response, max_bytes, deadline, timeout)
                charset = response.headers.get_content_charset()
                answer = _storable(response, raw, declared or "", charset, final) if cache is not None else None
            if watch.expired:
                return [Skipped(url, waiting[0])]
        except urllib.error.HTTPError as err:
            if err.code == 304 and stored is not None and not watch.expired:  # unchanged: the stored answer
                err.close()
                return _from_cache(url, stored, max_bytes)
            return [Skipped(url, waiting[0] if watch.expired else _reason(err, timeout))]
        except _Refused as err:
            return [Skipped(url, waiting[0] if watch.expired else str(err))]
        except ValueError as err:
            return [Skipped(url, f"not a valid web address ({err})")]
        except (OSError, http.client.HTTPException) as err:  # URLError is an OSError
            return [Skipped(url, waiting[0] if watch.expired else _reason(err, timeout))]
    if answer is not None:
        cache.put(url, answer)
    # A page's source gets the address it was fetched from; feed entries and records keep their own.
    return _read_body(kind, raw, url, final, charset, max_bytes)


def _storable(response, raw: bytes, declared: str, charset: str | None, final: str) -> Stored | None:
    """The answer as the cache keeps it, when it can be asked about again: it has a validator
    (ETag, Last-Modified) fit to send back, and the server does not forbid storing it."""
    etag = validator(response.headers.get("ETag"))
    modified = validator(response.headers.get("Last-Modified"))
    if not (etag or modified) or "no-store" in (response.headers.get("Cache-Control") or "").lower():
        return None
    return Stored(body=raw, content_type=declared, charset=charset, final=final, etag=etag, last_modified=modified)


def _from_cache(url: str, stored: Stored, max_bytes: int) -> list[Source | Skipped]:
    """What a 304 stands for: the stored answer, read as a fresh one would be."""
    from email.message import Message

    if len(stored.body) > max_bytes:
        return [Skipped(url, too_large(max_bytes))]
    header = Message()
    header["Content-Type"] = stored.content_type
    kind = header.get_content_type() if stored.content_type else ""
    if not _readable(kind, stored.final, url):
        return [Skipped(url, "the cached answer can't be read (its content type is unsupported)")]
    return _read_body(kind, stored.body, url, stored.final, stored.charset, max_bytes)
