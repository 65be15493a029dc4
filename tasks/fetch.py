"""Fetch: a SourceSpec -> RawArticle records (bytes exactly as received), and RawArticles -> batches.

Kinds of source (`SourceSpec.kind`):

    file    one local file
    folder  the .txt/.html files of one local folder; a drop folder when `incremental`
    page    one article page over HTTP(S)
    list    an HTML list page over HTTP(S): the article pages it links to (`link_pattern` picks them)
    feed    an RSS 2.0, RSS 1.0 or Atom feed over HTTP(S): the article pages its items link to
    url     a URL given on the command line: a feed if the response parses as one, else an article page

Nothing is decoded here: normalize decodes, helped by `encoding_hint` (the source's override, else
the charset the server declared).

HTTP rules (`FetchPolicy`): only http and https URLs (file:// and every other scheme refused); a
timeout per request; a cap on the body size; redirects followed by hand, capped, each hop checked
again; retries with exponential backoff on transient failures only (5xx, 429, timeouts, connection
errors; never another 4xx); per host at most one request every `min_interval_s` (or the robots.txt
Crawl-delay when larger), through a `HostThrottle`; robots.txt obeyed where a site publishes one.

Incremental fetching: the caller passes the `Validators` remembered from earlier fetches of each
location, and only for bodies the database still holds. A URL is then asked with If-None-Match /
If-Modified-Since, and a 304 counts as unchanged; a file whose mtime and size match is not read at all.
The result carries fresh validators for the caller to remember.

Side effects: reads files and makes HTTP requests through the injected `httpx.Client`; waits through
the injected sleeper. No database access, no state of its own beyond the `HttpFetcher` it is given.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from tasks.errors import ConfigError, ZhaoshangError
from tasks.models import RawArticle, RawRef

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
LOCAL_KINDS = ("file", "folder")
HTTP_KINDS = ("page", "list", "feed", "url")
SOURCE_KINDS = LOCAL_KINDS + HTTP_KINDS
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# 429 is a 4xx but says "later", like a 5xx; every other 4xx is the same on the next try.
TRANSIENT_STATUSES = frozenset({429, *range(500, 600)})
# Response headers never kept: they carry the site's session, not anything about the document.
UNKEPT_HEADERS = frozenset({"set-cookie", "set-cookie2"})
# List pages without a `link_pattern`: links on the same host whose path looks like a page.
ARTICLE_PATH = re.compile(r"\.s?html?$|/\d{4,}[^/]*$", re.IGNORECASE)


class FetchError(ZhaoshangError):
    """One location could not be fetched (after any retries); the message says why."""


class FetchRefused(FetchError):
    """A location the rules forbid: not http(s), disallowed by robots.txt, too large, too many redirects."""


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpec:
    """Where one source's articles come from (grain: one configured or command-line source)."""

    name: str
    kind: str  # one of SOURCE_KINDS
    location: str  # a path for file/folder, an http(s) URL otherwise
    home_region: str | None = None
    encoding: str | None = None  # overrides the charset a server declares
    incremental: bool = False  # skip what was fetched before (drop folders, web sources)
    link_pattern: str | None = None  # list pages: a regex (re.search) an article URL must match
    max_items: int | None = None  # list pages and feeds: at most this many links, in page order

    @property
    def is_http(self) -> bool:
        return self.kind in HTTP_KINDS


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners of HTTP fetching (one per sources config; defaults suit a public news site)."""

    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3  # extra attempts after the first, on transient failures only
    backoff_s: float = 1.0  # first retry waits this long, then 2x, 4x, ...
    max_backoff_s: float = 60.0  # also caps a server's Retry-After
    min_interval_s: float = 1.0  # per host, between the starts of two requests
    user_agent: str = "zhaoshang-fetch/0.1 (+https://github.com/zhaoshang; research crawler)"
    obey_robots: bool = True


@dataclass(frozen=True)
class Validators:
    """What is remembered of the last fetch of one location (grain: source x uri).

    `sha256` is of the body the validators describe: they are worth sending only while the
    database still holds that body, which the caller checks before passing them in.
    """

    uri: str
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    mtime_ns: int | None = None  # files
    size: int | None = None  # files


@dataclass(frozen=True)
class Exchange:
    """One HTTP request's outcome as logged (grain: one requested URL in one fetch)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int | None  # None when no response came
    headers: tuple[tuple[str, str], ...]
    fetched_at: str
    sha256: str | None = None
    error: str | None = None


@dataclass
class FetchResult:
    """What one fetch of one source yielded."""

    articles: list[RawArticle] = field(default_factory=list)  # bodies fetched over HTTP
    files: list[RawRef] = field(default_factory=list)  # a local source's files, read later
    validators: list[Validators] = field(default_factory=list)  # to remember for the next fetch
    unchanged: int = 0  # locations skipped as not modified (304, or same mtime and size)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (uri, reason)
    exchanges: list[Exchange] = field(default_factory=list)  # every article request, for the fetch log


@dataclass(frozen=True)
class HttpResponse:
    """A final (non-redirect) response: 2xx with its body, or 304 with none."""

    url: str  # the URL that answered, after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name.lower()), None)


# --------------------------------------------------------------------------------------------
# Pacing and robots.txt
# --------------------------------------------------------------------------------------------


class HostThrottle:
    """Spaces the requests to each host at least `min_interval_s` apart (grain: one host).

    Thread-safe: each caller reserves the next free slot under a lock, then sleeps outside it,
    so the fetch tasks of one process share one throttle. Clock and sleeper are injectable.
    """

    def __init__(
        self,
        min_interval_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._intervals: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def slow_down(self, host: str, interval_s: float) -> None:
        """Space this host's requests at least `interval_s` apart (a robots.txt Crawl-delay)."""
        with self._lock:
            self._intervals[host] = max(interval_s, self._intervals.get(host, 0.0))

    def wait(self, host: str) -> float:
        """Block until a request to `host` may start; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + max(self.min_interval_s, self._intervals.get(host, 0.0))
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay


@dataclass
class HttpFetcher:
    """One fetch's HTTP session: the injected client, the policy, the shared throttle, robots rules."""

    client: httpx.Client
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    throttle: HostThrottle | None = None  # None: a throttle of its own from the policy
    sleep: Callable[[float], None] = time.sleep  # backoff waits
    robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)  # per origin

    def __post_init__(self) -> None:
        if self.throttle is None:
            self.throttle = HostThrottle(self.policy.min_interval_s, sleep=self.sleep)


def make_client(policy: FetchPolicy) -> httpx.Client:
    """The client production fetches use: our user agent and timeout; redirects are followed by hand."""
    return httpx.Client(
        headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(policy.timeout_s),
        follow_redirects=False,
        trust_env=False,
    )


def check_url(url: str) -> str:
    """`url` if it is an absolute http(s) URL; FetchRefused otherwise (file://, ftp://, relative ...)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise FetchRefused(f"refused {url!r}: only absolute http:// and https:// URLs are fetched")
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def parse_robots(text: str) -> urllib.robotparser.RobotFileParser:
    """Rules of one robots.txt body."""
    rules = urllib.robotparser.RobotFileParser()
    rules.parse(text.splitlines())
    return rules


def _blanket_rules(allow: bool) -> urllib.robotparser.RobotFileParser:
    rules = urllib.robotparser.RobotFileParser()
    rules.allow_all, rules.disallow_all = allow, not allow
    return rules


def robots_rules(fetcher: HttpFetcher, url: str) -> urllib.robotparser.RobotFileParser:
    """The robots.txt rules of `url`'s site, fetched once per fetcher and origin.

    As RFC 9309 says: no robots.txt (any 4xx) allows everything; a server error or no answer
    (after retries) disallows everything, since the site's wishes are unknown.
    """
    origin = _origin(url)
    if origin not in fetcher.robots:
        try:
            response = _follow(fetcher, f"{origin}/robots.txt", {}, obey_robots=False)
            rules = parse_robots(response.body.decode("utf-8", errors="replace"))
        except _HttpStatusError as exc:
            rules = _blanket_rules(allow=400 <= exc.status < 500)
        except FetchError:
            rules = _blanket_rules(allow=False)
        delay = rules.crawl_delay(fetcher.policy.user_agent)
        if delay and fetcher.throttle is not None:
            fetcher.throttle.slow_down(_host(url), min(float(delay), fetcher.policy.max_backoff_s))
        fetcher.robots[origin] = rules
    return fetcher.robots[origin]


# --------------------------------------------------------------------------------------------
# One URL: retries, redirects, size cap, conditional requests
# --------------------------------------------------------------------------------------------


class _HttpStatusError(FetchError):
    """A final response that is neither 2xx nor 304."""

    def __init__(self, url: str, status: int, attempts: int) -> None:
        self.status = status
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"HTTP {status} from {url}{tries}")


def _backoff(policy: FetchPolicy, attempt: int, retry_after: str | None) -> float:
    """Seconds before retry `attempt + 1`: the server's Retry-After if it gives one, else exponential."""
    if retry_after:
        seconds: float | None = None
        if retry_after.strip().isdigit():
            seconds = float(retry_after.strip())
        else:
            when = email.utils.parsedate_to_datetime(retry_after) if retry_after.strip() else None
            if when is not None and when.tzinfo is not None:
                seconds = (when - datetime.now(UTC)).total_seconds()
        if seconds is not None:
            return min(max(seconds, 0.0), policy.max_backoff_s)
    return min(policy.backoff_s * 2**attempt, policy.max_backoff_s)


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"refused {response.url}: {declared} bytes is over the cap of {max_bytes}")
    chunks, total = [], 0
    for piece in response.iter_bytes():
        total += len(piece)
        if total > max_bytes:
            raise FetchRefused(f"refused {response.url}: body over the cap of {max_bytes} bytes")
        chunks.append(piece)
    return b"".join(chunks)


def _kept_headers(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    return tuple((k.lower(), v) for k, v in headers.multi_items() if k.lower() not in UNKEPT_HEADERS)


def _request(fetcher: HttpFetcher, url: str, headers: Mapping[str, str]) -> HttpResponse:
    """One GET of one URL (no redirect following), retried on transient failures only."""
    policy, throttle = fetcher.policy, fetcher.throttle
    attempts = policy.retries + 1
    assert throttle is not None  # set in __post_init__
    for attempt in range(attempts):
        throttle.wait(_host(url))
        try:
            with fetcher.client.stream(
                "GET", url, headers=dict(headers), timeout=policy.timeout_s
            ) as response:
                status = response.status_code
                if status in TRANSIENT_STATUSES and attempt + 1 < attempts:
                    fetcher.sleep(_backoff(policy, attempt, response.headers.get("retry-after")))
                    continue
                body = _read_capped(response, policy.max_bytes) if 200 <= status < 300 else b""
                return HttpResponse(str(response.url), status, _kept_headers(response.headers), body)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if attempt + 1 >= attempts:
                raise FetchError(
                    f"{type(exc).__name__} fetching {url} after {attempts} attempts: {exc}"
                ) from exc
            fetcher.sleep(_backoff(policy, attempt, None))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _follow(
    fetcher: HttpFetcher, url: str, headers: Mapping[str, str], obey_robots: bool = True
) -> HttpResponse:
    """GET `url`, following at most `max_redirects` redirects by hand; each hop is checked again."""
    for _hop in range(fetcher.policy.max_redirects + 1):
        check_url(url)
        if obey_robots and fetcher.policy.obey_robots:
            if not robots_rules(fetcher, url).can_fetch(fetcher.policy.user_agent, url):
                raise FetchRefused(f"refused {url}: robots.txt of {_origin(url)} disallows it")
        response = _request(fetcher, url, headers)
        if response.status in REDIRECT_STATUSES:
            location = response.header("location")
            if not location:
                raise FetchError(f"HTTP {response.status} from {url} without a Location")
            url = urldefrag(urljoin(url, location)).url
            continue
        if response.not_modified or 200 <= response.status < 300:
            return response
        transient = response.status in TRANSIENT_STATUSES
        raise _HttpStatusError(url, response.status, fetcher.policy.retries + 1 if transient else 1)
    raise FetchRefused(f"refused {url}: more than {fetcher.policy.max_redirects} redirects")


def conditional_headers(previous: Validators | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators of the last fetch, if any."""
    headers = {}
    if previous is not None and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous is not None and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def fetch_url(fetcher: HttpFetcher, url: str, previous: Validators | None = None) -> HttpResponse:
    """Fetch one URL under every rule of the policy; a conditional request when `previous` has validators.

    Returns a 2xx response with its body or a 304; raises FetchRefused for what the rules forbid
    and FetchError for what failed (a 4xx at once, a transient failure after the retries).
    """
    return _follow(fetcher, url, conditional_headers(previous))


def declared_charset(response: HttpResponse) -> str | None:
    """The charset of the Content-Type header, if the server declared one."""
    match = re.search(
        r"charset=[\"']?([A-Za-z0-9_\-]+)", response.header("content-type") or "", re.IGNORECASE
    )
    return match.group(1).lower() if match else None


# --------------------------------------------------------------------------------------------
# Index documents: feeds and list pages -> article URLs (pure)
# --------------------------------------------------------------------------------------------


def _absolute_http(link: str | None, base_url: str) -> str | None:
    if not link or not link.strip():
        return None
    url = urldefrag(urljoin(base_url, link.strip())).url
    return url if urlsplit(url).scheme.lower() in ALLOWED_SCHEMES else None


def _unique(urls: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(u for u in urls if u))


def parse_feed(data: bytes, base_url: str) -> list[str] | None:
    """Article URLs of an RSS 2.0 / RSS 1.0 / Atom document in document order; None if it is no feed.

    Links that are not http(s) (file://, javascript:, ...) are dropped. The XML parser resolves
    no entities and reads nothing from the network.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data.lstrip(), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    kind = etree.QName(root).localname.lower()
    if kind in ("rss", "rdf"):
        links: list[str | None] = []
        for item in root.iterfind(".//{*}item"):
            link = item.findtext("{*}link")
            guid = item.find("{*}guid")
            if (
                not (link and link.strip())
                and guid is not None
                and guid.get("isPermaLink", "true") != "false"
            ):
                link = guid.text
            links.append(_absolute_http(link, base_url))
        return _unique(links)
    if kind == "feed":
        links = []
        for entry in root.iterfind("{*}entry"):
            candidates = [el for el in entry.iterfind("{*}link") if el.get("rel", "alternate") == "alternate"]
            links.append(_absolute_http(candidates[0].get("href") if candidates else None, base_url))
        return _unique(links)
    return None


def extract_links(
    data: bytes, base_url: str, pattern: str | None = None, encoding: str | None = None
) -> list[str]:
    """Article URLs a list page links to, in page order, without repeats or the page itself.

    With `pattern`, links whose absolute URL matches it (re.search); without, links on the list
    page's host whose path ends like a page (.html, .shtml, ...) or in a long number.
    """
    import lxml.html

    if not data.strip():
        return []
    parser = lxml.html.HTMLParser(encoding=encoding) if encoding else None
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (ValueError, LookupError):
        doc = lxml.html.document_fromstring(data)
    wanted = re.compile(pattern) if pattern else None
    host = _host(base_url)
    page = urldefrag(base_url).url
    links = []
    for anchor in doc.iterfind(".//a[@href]"):
        url = _absolute_http(anchor.get("href"), base_url)
        if url is None or url == page:
            continue
        if wanted is not None:
            keep = wanted.search(url) is not None
        else:
            keep = _host(url) == host and ARTICLE_PATH.search(urlsplit(url).path) is not None
        if keep:
            links.append(url)
    return _unique(links)


# --------------------------------------------------------------------------------------------
# One source -> FetchResult
# --------------------------------------------------------------------------------------------


def utc_now() -> str:
    """The fetch timestamp format: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _raw_from_response(spec: SourceSpec, response: HttpResponse, fetched_at: str) -> RawArticle:
    return RawArticle(
        source_name=spec.name,
        uri=response.url,
        raw=response.body,
        fetched_at=fetched_at,
        home_region=spec.home_region,
        encoding_hint=spec.encoding or declared_charset(response),
    )


def _take_article(
    result: FetchResult, spec: SourceSpec, url: str, response: HttpResponse, fetched_at: str
) -> None:
    """Record one article response (2xx or 304) in `result`."""
    sha256 = None
    if response.not_modified:
        result.unchanged += 1
    else:
        raw = _raw_from_response(spec, response, fetched_at)
        sha256 = raw.sha256
        result.articles.append(raw)
        result.validators.append(
            Validators(url, sha256, response.header("etag"), response.header("last-modified"))
        )
    result.exchanges.append(
        Exchange(url, response.url, response.status, response.headers, fetched_at, sha256)
    )


def fetch_http_source(
    spec: SourceSpec,
    fetcher: HttpFetcher,
    previous: Mapping[str, Validators],
    now: Callable[[], str] = utc_now,
) -> FetchResult:
    """Fetch a page, list or feed source: the index (always in full), then each article it names.

    An article that fails is recorded in `failures` and the others go on; an index that fails
    raises FetchError (the whole source has nothing to offer this time).
    """
    result = FetchResult()
    urls = [spec.location]
    if spec.kind != "page":
        index_at = now()
        index = fetch_url(fetcher, check_url(spec.location))
        links = parse_feed(index.body, index.url) if spec.kind in ("feed", "url") else None
        if spec.kind == "feed" and links is None:
            raise FetchError(f"{spec.location} is not an RSS or Atom feed")
        if spec.kind == "list":
            links = extract_links(
                index.body, index.url, spec.link_pattern, spec.encoding or declared_charset(index)
            )
        if links is None:  # a `url` that is no feed: the response is the article itself
            _take_article(result, spec, spec.location, index, index_at)
            return result
        urls = links[: spec.max_items] if spec.max_items else links
    for url in urls:
        fetched_at = now()
        try:
            response = fetch_url(fetcher, url, previous.get(url))
        except FetchError as exc:
            result.failures.append((url, str(exc)))
            result.exchanges.append(
                Exchange(url, url, getattr(exc, "status", None), (), fetched_at, error=str(exc))
            )
            continue
        _take_article(result, spec, url, response, fetched_at)
    return result


def list_article_paths(spec: SourceSpec) -> list[Path]:
    """The files of a local source, sorted so batches are deterministic.

    A folder yields only its own .txt/.html files: a name that resolves outside the folder
    (a symlink out) is left out, so a configured folder never reads elsewhere.
    """
    location = Path(spec.location)
    if spec.kind == "file":
        return [location]
    if not location.is_dir():
        raise FetchError(f"source {spec.name!r}: folder {location} does not exist")
    root = location.resolve()
    return sorted(
        p
        for p in location.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.resolve().is_relative_to(root)
    )


def _file_ref(spec: SourceSpec, path: Path) -> RawRef:
    """A local file as a reference: its bytes are hashed now and read again at normalize."""
    try:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha256 = EMPTY_SHA256  # unreadable: read_raw gives empty bytes, which normalize flags
    return RawRef(source_name=spec.name, uri=str(path), path=str(path), sha256=sha256, fetched_at=utc_now(),
                  home_region=spec.home_region, encoding_hint=spec.encoding)


def read_raw(ref: RawRef) -> RawArticle:
    """The document's bytes as a RawArticle; a file gone or unreadable since the fetch gives empty
    bytes (normalize records the article as empty, and the next run fetches it again)."""
    try:
        data = Path(ref.path).read_bytes()
    except OSError:
        data = b""
    return RawArticle(source_name=ref.source_name, uri=ref.uri, raw=data, fetched_at=ref.fetched_at,
                      home_region=ref.home_region, encoding_hint=ref.encoding_hint)


def spool(raw: RawArticle, spool_dir: Path) -> RawRef:
    """Keep fetched bytes in `spool_dir/<sha256>` (content-addressed, written atomically) and
    return the reference the run carries instead of the bytes."""
    sha256 = raw.sha256
    path = spool_dir / sha256[:2] / sha256
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{sha256}.{threading.get_ident()}.part")
        partial.write_bytes(raw.raw)
        partial.replace(path)
    return RawRef(source_name=raw.source_name, uri=raw.uri, path=str(path), sha256=sha256,
                  fetched_at=raw.fetched_at, home_region=raw.home_region, encoding_hint=raw.encoding_hint)


def fetch_local_source(spec: SourceSpec, previous: Mapping[str, Validators]) -> FetchResult:
    """List a file or folder source as references; when incremental, skip files whose mtime and
    size are as remembered."""
    result = FetchResult()
    for path in list_article_paths(spec):
        try:
            stat = path.stat()
        except OSError:
            stat = None
        seen = previous.get(str(path))
        if (
            spec.incremental
            and stat is not None
            and seen is not None
            and (seen.mtime_ns, seen.size) == (stat.st_mtime_ns, stat.st_size)
        ):
            result.unchanged += 1
            continue
        ref = _file_ref(spec, path)
        result.files.append(ref)
        if stat is not None and ref.sha256 != EMPTY_SHA256:
            result.validators.append(Validators(str(path), ref.sha256, mtime_ns=stat.st_mtime_ns, size=stat.st_size))
    return result


def fetch_source(
    spec: SourceSpec, previous: Mapping[str, Validators], fetcher: HttpFetcher | None = None
) -> FetchResult:
    """Fetch one source of any kind; HTTP kinds need a `fetcher`."""
    if spec.kind in LOCAL_KINDS:
        return fetch_local_source(spec, previous)
    if spec.kind not in HTTP_KINDS:
        raise ConfigError(
            f"source {spec.name!r}: unknown kind {spec.kind!r} (one of {', '.join(SOURCE_KINDS)})"
        )
    if fetcher is None:
        raise ValueError(f"source {spec.name!r} is fetched over HTTP: pass an HttpFetcher")
    return fetch_http_source(spec, fetcher, previous)


def first_of_each_body(raws: Iterable[RawRef]) -> list[RawRef]:
    """The articles in order, each body once (a feed may list one article under two URLs)."""
    first: dict[str, RawRef] = {}
    for raw in raws:
        first.setdefault(raw.sha256, raw)
    return list(first.values())


def chunk(items: Sequence[RawRef], size: int) -> list[list[RawRef]]:
    """Split one source's articles into batches of at most `size`."""
    if size < 1:
        raise ConfigError(f"batch size must be at least 1, got {size}")
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
