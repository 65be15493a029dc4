"""Fetch core against httpx.MockTransport and tmp folders: only http(s) is fetched; conditional
requests send the remembered validators and a 304 yields nothing; only transient failures (5xx,
429, timeouts, connection errors) are retried, with backoff through the injected sleeper; bodies
over the cap and redirect chains over the cap are refused; robots.txt is obeyed; requests to one
host are spaced by the throttle (fake clock); feeds and list pages yield their article links;
drop folders skip unchanged files and never read outside themselves."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tasks.fetch import (
    FetchError,
    FetchPolicy,
    FetchRefused,
    HostThrottle,
    HttpFetcher,
    SourceSpec,
    Validators,
    check_url,
    extract_links,
    fetch_http_source,
    fetch_local_source,
    fetch_source,
    fetch_url,
    first_of_each_body,
    parse_feed,
    read_raw,
    spool,
)
from tasks.models import RawArticle

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLES = ROOT / "seeds" / "articles"
SEED_TEXT = (SEED_ARTICLES / "001_6cee6a0920df3093.txt").read_text(encoding="utf-8")
SEED_LINE = "上半年全市项目招引攻坚成效显著:新签约亿元以上项目达267个,总投资额1158.8亿元"


class FakeClock:
    """Monotonic time that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def page(text: str, title: str = "招商") -> str:
    return f"<html><head><title>{title}</title></head><body><article><p>{text}</p></article></body></html>"


def make_fetcher(
    handler, clock: FakeClock | None = None, **policy
) -> tuple[HttpFetcher, list[httpx.Request]]:
    """A fetcher on a MockTransport that records every request (and paces with a fake clock)."""
    seen: list[httpx.Request] = []
    clock = clock or FakeClock()

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    settings = {"min_interval_s": 0.0, "backoff_s": 1.0, **policy}
    client = httpx.Client(transport=httpx.MockTransport(recording), follow_redirects=False)
    fetcher = HttpFetcher(
        client,
        FetchPolicy(**settings),
        HostThrottle(settings["min_interval_s"], clock, clock.sleep),
        sleep=clock.sleep,
    )
    return fetcher, seen


def no_robots(handler):
    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return handler(request)

    return serve


def article_requests(seen: list[httpx.Request]) -> list[str]:
    return [str(r.url) for r in seen if r.url.path != "/robots.txt"]


# ------------------------------------------------------------------------------------ URL rules


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/a.html",
        "/relative/page.html",
        "javascript:alert(1)",
        "http:///no-host",
    ],
)
def test_only_absolute_http_urls_are_fetched(url):
    with pytest.raises(FetchRefused, match="only absolute http"):
        check_url(url)


def test_http_and_https_urls_pass():
    assert check_url("https://zgjssw.jschina.com.cn/a.shtml") == "https://zgjssw.jschina.com.cn/a.shtml"
    assert check_url("http://127.0.0.1:8000/feed.xml") == "http://127.0.0.1:8000/feed.xml"


def test_a_redirect_to_a_file_url_is_refused():
    fetcher, seen = make_fetcher(
        no_robots(lambda r: httpx.Response(302, headers={"location": "file:///etc/passwd"}))
    )
    with pytest.raises(FetchRefused, match="only absolute http"):
        fetch_url(fetcher, "http://news.example/a.html")
    assert article_requests(seen) == ["http://news.example/a.html"]


# ---------------------------------------------------------------------------- conditional requests


def test_remembered_validators_make_a_conditional_request_and_304_yields_nothing():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(
            200,
            text=page(SEED_LINE),
            headers={"etag": '"v1"', "last-modified": "Mon, 11 Aug 2025 01:25:00 GMT"},
        )

    fetcher, seen = make_fetcher(no_robots(handler))
    spec = SourceSpec("news", "page", "http://news.example/a.html", incremental=True)
    first = fetch_http_source(spec, fetcher, {})
    assert len(first.articles) == 1 and first.unchanged == 0
    (validators,) = first.validators
    assert (validators.etag, validators.last_modified) == ('"v1"', "Mon, 11 Aug 2025 01:25:00 GMT")
    assert validators.sha256 == first.articles[0].sha256

    second = fetch_http_source(spec, fetcher, {validators.uri: validators})
    assert second.articles == [] and second.unchanged == 1 and second.validators == []
    last = seen[-1]
    assert last.headers["if-none-match"] == '"v1"'
    assert last.headers["if-modified-since"] == "Mon, 11 Aug 2025 01:25:00 GMT"
    assert [e.status for e in second.exchanges] == [304]


def test_no_validators_no_conditional_headers():
    fetcher, seen = make_fetcher(no_robots(lambda r: httpx.Response(200, text=page(SEED_LINE))))
    fetch_url(fetcher, "http://news.example/a.html", Validators("http://news.example/a.html", "0" * 64))
    assert "if-none-match" not in seen[-1].headers and "if-modified-since" not in seen[-1].headers


# ------------------------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_transient_statuses_are_retried_with_exponential_backoff(status):
    answers = iter(
        [httpx.Response(status), httpx.Response(status), httpx.Response(200, text=page(SEED_LINE))]
    )
    clock = FakeClock()
    fetcher, seen = make_fetcher(no_robots(lambda r: next(answers)), clock, retries=3, backoff_s=1.0)
    response = fetch_url(fetcher, "http://news.example/a.html")
    assert response.status == 200 and SEED_LINE.encode() in response.body
    assert len(article_requests(seen)) == 3
    assert clock.sleeps == [1.0, 2.0]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_other_client_errors_are_not_retried(status):
    clock = FakeClock()
    fetcher, seen = make_fetcher(no_robots(lambda r: httpx.Response(status)), clock, retries=3)
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        fetch_url(fetcher, "http://news.example/a.html")
    assert len(article_requests(seen)) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError, httpx.ReadTimeout, httpx.ConnectTimeout, httpx.ReadError, httpx.RemoteProtocolError],
)
def test_timeouts_and_connection_errors_are_retried_then_reported(error):
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom", request=request)

    clock = FakeClock()
    fetcher, seen = make_fetcher(no_robots(handler), clock, retries=2, backoff_s=0.5)
    with pytest.raises(FetchError, match="after 3 attempts"):
        fetch_url(fetcher, "http://news.example/a.html")
    assert len(article_requests(seen)) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_a_persistent_server_error_gives_up_after_the_retries():
    clock = FakeClock()
    fetcher, seen = make_fetcher(no_robots(lambda r: httpx.Response(503)), clock, retries=2)
    with pytest.raises(FetchError, match="HTTP 503 .* after 3 attempts"):
        fetch_url(fetcher, "http://news.example/a.html")
    assert len(article_requests(seen)) == 3


def test_retry_after_is_honoured_and_capped():
    answers = iter(
        [
            httpx.Response(503, headers={"retry-after": "7"}),
            httpx.Response(429, headers={"retry-after": "3600"}),
            httpx.Response(200, text="ok"),
        ]
    )
    clock = FakeClock()
    fetcher, _ = make_fetcher(no_robots(lambda r: next(answers)), clock, max_backoff_s=30.0)
    fetch_url(fetcher, "http://news.example/a.html")
    assert clock.sleeps == [7.0, 30.0]


# ------------------------------------------------------------------------------ size and redirects


def test_a_body_over_the_cap_is_refused():
    fetcher, _ = make_fetcher(no_robots(lambda r: httpx.Response(200, content=b"x" * 2_000)), max_bytes=1_000)
    with pytest.raises(FetchRefused, match="cap of 1000"):
        fetch_url(fetcher, "http://news.example/big.html")


def test_a_declared_length_over_the_cap_is_refused_before_reading():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-length": "50000000"}, content=b"")

    fetcher, _ = make_fetcher(no_robots(handler), max_bytes=1_000)
    with pytest.raises(FetchRefused, match="50000000 bytes is over the cap"):
        fetch_url(fetcher, "http://news.example/big.html")


def test_a_body_at_the_cap_is_kept_whole():
    fetcher, _ = make_fetcher(no_robots(lambda r: httpx.Response(200, content=b"x" * 1_000)), max_bytes=1_000)
    assert fetch_url(fetcher, "http://news.example/a.html").body == b"x" * 1_000


def hops(count: int):
    """A site where /r/N redirects to /r/N+1 until N == count, which answers 200."""

    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.path.rsplit("/", 1)[1])
        if n < count:
            return httpx.Response(301, headers={"location": f"/r/{n + 1}"})
        return httpx.Response(200, text=page(SEED_LINE))

    return no_robots(handler)


def test_redirects_within_the_cap_are_followed_and_the_final_url_recorded():
    fetcher, seen = make_fetcher(hops(3), max_redirects=3)
    response = fetch_url(fetcher, "http://news.example/r/0")
    assert response.url == "http://news.example/r/3"
    assert len(article_requests(seen)) == 4
    spec = SourceSpec("news", "page", "http://news.example/r/0")
    (raw,) = fetch_http_source(spec, fetcher, {}).articles
    assert raw.uri == "http://news.example/r/3"


def test_redirects_over_the_cap_are_refused():
    fetcher, seen = make_fetcher(hops(10), max_redirects=3)
    with pytest.raises(FetchRefused, match="more than 3 redirects"):
        fetch_url(fetcher, "http://news.example/r/0")
    assert len(article_requests(seen)) == 4


# ----------------------------------------------------------------------------------- robots.txt


def robots_site(robots: httpx.Response):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return robots
        return httpx.Response(200, text=page(SEED_LINE))

    return handler


def test_robots_txt_disallowed_paths_are_not_requested():
    rules = "User-agent: *\nDisallow: /private/\n"
    fetcher, seen = make_fetcher(robots_site(httpx.Response(200, text=rules)))
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetch_url(fetcher, "http://news.example/private/a.html")
    assert fetch_url(fetcher, "http://news.example/public/a.html").status == 200
    assert [r.url.path for r in seen] == ["/robots.txt", "/public/a.html"]  # robots.txt read once


def test_robots_txt_rules_for_our_agent_apply():
    rules = "User-agent: zhaoshang-fetch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    fetcher, _ = make_fetcher(robots_site(httpx.Response(200, text=rules)))
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetch_url(fetcher, "http://news.example/a.html")


def test_no_robots_txt_allows_everything_and_an_unreachable_one_nothing():
    fetcher, _ = make_fetcher(robots_site(httpx.Response(404)))
    assert fetch_url(fetcher, "http://news.example/a.html").status == 200
    fetcher, seen = make_fetcher(robots_site(httpx.Response(503)), retries=1)
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetch_url(fetcher, "http://news.example/a.html")
    assert [r.url.path for r in seen] == ["/robots.txt", "/robots.txt"]


def test_robots_can_be_switched_off():
    fetcher, _ = make_fetcher(
        robots_site(httpx.Response(200, text="User-agent: *\nDisallow: /\n")), obey_robots=False
    )
    assert fetch_url(fetcher, "http://news.example/a.html").status == 200


def test_robots_crawl_delay_slows_the_host_down():
    clock = FakeClock()
    fetcher, _ = make_fetcher(
        robots_site(httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")), clock, min_interval_s=1.0
    )
    for name in ("a", "b", "c"):
        fetch_url(fetcher, f"http://news.example/{name}.html")
    # robots.txt at t=100 (1 s pacing), then a.html at 101, b.html at 106, c.html at 111.
    assert clock.sleeps == [1.0, 5.0, 5.0]


# ----------------------------------------------------------------------------------- rate limit


def test_requests_to_one_host_are_spaced_and_other_hosts_are_not_held_up():
    clock = FakeClock()
    throttle = HostThrottle(2.0, clock, clock.sleep)
    assert throttle.wait("a.example") == 0
    assert throttle.wait("b.example") == 0
    assert throttle.wait("a.example") == 2.0
    clock.now += 10
    assert throttle.wait("a.example") == 0
    assert throttle.wait("a.example") == 2.0
    assert clock.sleeps == [2.0, 2.0]


def test_the_fetcher_paces_requests_per_host():
    clock = FakeClock()
    fetcher, seen = make_fetcher(
        no_robots(lambda r: httpx.Response(200, text="ok")), clock, min_interval_s=3.0
    )
    for url in ("http://a.example/1.html", "http://a.example/2.html", "http://b.example/1.html"):
        fetch_url(fetcher, url)
    # a: robots at 100, 1.html at 103, 2.html at 106; b: robots at 106, 1.html at 109.
    assert clock.sleeps == [3.0, 3.0, 3.0]
    assert len(seen) == 5


# ------------------------------------------------------------------------------ feeds and lists


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>news</title>
<item><title>one</title><link>http://news.example/2025/a.html</link></item>
<item><title>two</title><link> /2025/b.html </link></item>
<item><title>guid only</title><guid isPermaLink="true">http://news.example/2025/c.html</guid></item>
<item><title>bad</title><link>file:///etc/passwd</link></item>
<item><title>again</title><link>http://news.example/2025/a.html#top</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>news</title>
<entry><title>one</title><link rel="alternate" href="http://news.example/x.html"/></entry>
<entry><title>two</title><link href="y.html"/><link rel="enclosure" href="http://news.example/y.mp3"/></entry>
</feed>"""


def test_rss_items_give_absolute_http_links_once():
    assert parse_feed(RSS, "http://news.example/feed.xml") == [
        "http://news.example/2025/a.html",
        "http://news.example/2025/b.html",
        "http://news.example/2025/c.html",
    ]


def test_atom_entries_give_their_alternate_links():
    assert parse_feed(ATOM, "http://news.example/feeds/atom.xml") == [
        "http://news.example/x.html",
        "http://news.example/feeds/y.html",
    ]


def test_a_gbk_feed_parses():
    body = RSS.replace(b'encoding="utf-8"', b'encoding="gbk"').replace(
        b"<title>one</title>", "<title>招商引资</title>".encode("gbk")
    )
    assert parse_feed(body, "http://news.example/feed.xml")[0] == "http://news.example/2025/a.html"


@pytest.mark.parametrize(
    "body", [page(SEED_LINE).encode(), b"", b"not xml at all", b"<?xml version='1.0'?><html/>"]
)
def test_a_page_is_not_a_feed(body):
    assert parse_feed(body, "http://news.example/") is None


LIST_PAGE = """<html><body><ul>
<li><a href="/shixianchuanzhen/taizhou/202503/t20250331_8471836.shtml">泰州招商</a></li>
<li><a href="202503/t20250330_8471000.shtml">相对链接</a></li>
<li><a href="/shixianchuanzhen/taizhou/202503/t20250331_8471836.shtml#comments">同一篇</a></li>
<li><a href="/index.shtml">首页</a></li>
<li><a href="http://other.example/2025/a.html">别站</a></li>
<li><a href="javascript:void(0)">脚本</a></li>
<li><a href="/shixianchuanzhen/taizhou/">本页</a></li>
</ul></body></html>""".encode()


def test_list_links_matching_the_pattern_in_page_order():
    base = "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/"
    links = extract_links(LIST_PAGE, base, r"/taizhou/\d{6}/t\d{8}_\d+\.shtml$")
    assert links == [
        "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/202503/t20250331_8471836.shtml",
        "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/202503/t20250330_8471000.shtml",
    ]


def test_list_links_without_a_pattern_stay_on_the_host_and_skip_the_page_itself():
    base = "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/"
    links = extract_links(LIST_PAGE, base)
    assert "http://other.example/2025/a.html" not in links
    assert base not in links
    assert links[:2] == [
        "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/202503/t20250331_8471836.shtml",
        "https://zgjssw.jschina.com.cn/shixianchuanzhen/taizhou/202503/t20250330_8471000.shtml",
    ]


def seed_site(extra=None):
    """A site with a feed of three seed articles: one GBK, one failing once with 500, one gone (404)."""
    failures = {"/b.html": 1}
    body_a = page(SEED_LINE).encode("utf-8")
    body_b = page(SEED_TEXT.splitlines()[0], "镇江").encode("gbk")

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if extra and path in extra:
            return extra[path](request)
        if path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /admin/\n")
        if path == "/feed.xml":
            items = "".join(
                f"<item><link>http://news.example{p}</link></item>"
                for p in ("/a.html", "/b.html", "/gone.html", "/admin/x.html", "/a.html")
            )
            return httpx.Response(
                200,
                content=f"<rss><channel>{items}</channel></rss>".encode(),
                headers={"content-type": "application/rss+xml"},
            )
        if path == "/a.html":
            return httpx.Response(
                200,
                content=body_a,
                headers={
                    "content-type": "text/html; charset=utf-8",
                    "etag": '"a1"',
                    "set-cookie": "session=secret",
                },
            )
        if path == "/b.html":
            if failures[path]:
                failures[path] -= 1
                return httpx.Response(500)
            return httpx.Response(200, content=body_b, headers={"content-type": "text/html; charset=GBK"})
        return httpx.Response(404)

    return handler


def test_a_feed_source_fetches_its_articles_and_records_failures():
    fetcher, seen = make_fetcher(seed_site())
    spec = SourceSpec("news", "feed", "http://news.example/feed.xml", home_region="镇江市", incremental=True)
    result = fetch_http_source(spec, fetcher, {})
    assert [r.uri for r in result.articles] == ["http://news.example/a.html", "http://news.example/b.html"]
    a, b = result.articles
    assert SEED_LINE.encode("utf-8") in a.raw
    assert b.encoding_hint == "gbk" and SEED_TEXT.splitlines()[0].encode("gbk") in b.raw
    assert a.home_region == "镇江市" and a.source_name == "news"
    assert [u for u, _ in result.failures] == [
        "http://news.example/gone.html",
        "http://news.example/admin/x.html",
    ]
    assert "HTTP 404" in result.failures[0][1] and "robots.txt" in result.failures[1][1]
    assert "http://news.example/admin/x.html" not in [str(r.url) for r in seen]
    assert [str(r.url) for r in seen].count("http://news.example/b.html") == 2  # the 500, then the page
    log = {e.url: e for e in result.exchanges}
    assert ("etag", '"a1"') in log["http://news.example/a.html"].headers
    assert all(name != "set-cookie" for name, _ in log["http://news.example/a.html"].headers)
    assert log["http://news.example/gone.html"].status == 404 and log["http://news.example/gone.html"].error


def test_the_source_encoding_overrides_the_declared_charset():
    fetcher, _ = make_fetcher(seed_site())
    spec = SourceSpec("news", "feed", "http://news.example/feed.xml", encoding="gb18030")
    assert {r.encoding_hint for r in fetch_http_source(spec, fetcher, {}).articles} == {"gb18030"}


def test_max_items_caps_the_links_taken():
    fetcher, _ = make_fetcher(seed_site())
    spec = SourceSpec("news", "feed", "http://news.example/feed.xml", max_items=1)
    assert [r.uri for r in fetch_http_source(spec, fetcher, {}).articles] == ["http://news.example/a.html"]


def test_a_failing_index_fails_the_source():
    fetcher, _ = make_fetcher(seed_site({"/feed.xml": lambda r: httpx.Response(404)}))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_http_source(SourceSpec("news", "feed", "http://news.example/feed.xml"), fetcher, {})


def test_a_feed_source_that_is_no_feed_fails():
    fetcher, _ = make_fetcher(seed_site({"/feed.xml": lambda r: httpx.Response(200, text=page(SEED_LINE))}))
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        fetch_http_source(SourceSpec("news", "feed", "http://news.example/feed.xml"), fetcher, {})


def test_a_command_line_url_is_a_feed_or_else_the_article_itself():
    fetcher, seen = make_fetcher(seed_site())
    as_feed = fetch_source(SourceSpec("news.example", "url", "http://news.example/feed.xml"), {}, fetcher)
    assert len(as_feed.articles) == 2
    seen.clear()
    as_page = fetch_source(SourceSpec("news.example", "url", "http://news.example/a.html"), {}, fetcher)
    assert [r.uri for r in as_page.articles] == ["http://news.example/a.html"]
    assert article_requests(seen) == ["http://news.example/a.html"]  # the page is fetched once, not twice


def test_a_list_source_fetches_the_linked_articles():
    listing = httpx.Response(
        200,
        content=b'<html><body><a href="/a.html">a</a><a href="/b.html">b</a>'
        b'<a href="/about">about</a></body></html>',
    )
    fetcher, _ = make_fetcher(seed_site({"/list/": lambda r: listing}))
    result = fetch_http_source(SourceSpec("news", "list", "http://news.example/list/"), fetcher, {})
    assert [r.uri for r in result.articles] == ["http://news.example/a.html", "http://news.example/b.html"]


def test_the_same_body_under_two_urls_is_kept_once_in_first_seen_order():
    fetcher, _ = make_fetcher(
        seed_site({"/copy.html": lambda r: seed_site()(httpx.Request("GET", "http://news.example/a.html"))})
    )
    raws = [
        fetch_http_source(
            SourceSpec("news", "page", f"http://news.example/{name}.html"), fetcher, {}
        ).articles[0]
        for name in ("copy", "b", "a")
    ]
    assert raws[0].sha256 == raws[2].sha256
    assert [r.uri for r in first_of_each_body(raws)] == [
        "http://news.example/copy.html",
        "http://news.example/b.html",
    ]


# -------------------------------------------------------------------------------- local folders


def test_a_drop_folder_reads_only_new_or_changed_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("000_b6ac81e2cf17ab17.txt", "001_6cee6a0920df3093.txt"):
        (inbox / name).write_bytes((SEED_ARTICLES / name).read_bytes())
    (inbox / "notes.md").write_text("not an article", encoding="utf-8")
    spec = SourceSpec("inbox", "folder", str(inbox), incremental=True)

    first = fetch_local_source(spec, {})
    assert [Path(r.uri).name for r in first.files] == [
        "000_b6ac81e2cf17ab17.txt",
        "001_6cee6a0920df3093.txt",
    ]
    remembered = {v.uri: v for v in first.validators}

    second = fetch_local_source(spec, remembered)
    assert second.files == [] and second.unchanged == 2

    changed = inbox / "001_6cee6a0920df3093.txt"
    changed.write_bytes(changed.read_bytes() + "\n补记。".encode())
    (inbox / "002_91547e497fcb7a7f.txt").write_bytes(
        (SEED_ARTICLES / "002_91547e497fcb7a7f.txt").read_bytes()
    )
    third = fetch_local_source(spec, remembered)
    assert sorted(Path(r.uri).name for r in third.files) == [
        "001_6cee6a0920df3093.txt",
        "002_91547e497fcb7a7f.txt",
    ]
    assert third.unchanged == 1


def test_a_folder_that_is_not_incremental_reads_everything_each_time(tmp_path):
    (tmp_path / "a.txt").write_text(SEED_LINE, encoding="utf-8")
    spec = SourceSpec("adhoc", "folder", str(tmp_path))
    first = fetch_local_source(spec, {})
    assert len(fetch_local_source(spec, {v.uri: v for v in first.validators}).files) == 1


def test_a_folder_never_yields_files_outside_itself(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("outside", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(SEED_LINE, encoding="utf-8")
    os.symlink(outside, inbox / "link.txt")
    result = fetch_local_source(SourceSpec("inbox", "folder", str(inbox)), {})
    assert [Path(r.uri).name for r in result.files] == ["a.txt"]


def test_a_missing_folder_is_a_fetch_error(tmp_path):
    with pytest.raises(FetchError, match="does not exist"):
        fetch_local_source(SourceSpec("inbox", "folder", str(tmp_path / "nope")), {})


def test_an_http_source_without_a_fetcher_is_a_programming_error():
    with pytest.raises(ValueError, match="HttpFetcher"):
        fetch_source(SourceSpec("news", "page", "http://news.example/a.html"), {})


def test_a_folder_lists_references_that_read_back_the_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED_LINE.encode("gb18030"))
    (ref,) = fetch_local_source(SourceSpec("inbox", "folder", str(tmp_path), encoding="gbk"), {}).files
    raw = read_raw(ref)
    assert raw.raw == SEED_LINE.encode("gb18030") and raw.sha256 == ref.sha256
    assert (raw.uri, raw.encoding_hint, raw.source_name) == (str(tmp_path / "a.txt"), "gbk", "inbox")
    (tmp_path / "a.txt").unlink()
    assert read_raw(ref).raw == b""  # gone since the fetch: an empty article, flagged by normalize


def test_spooled_bytes_are_kept_once_by_content(tmp_path):
    article = RawArticle("news", "http://news.example/a.html", SEED_LINE.encode(), "2025-01-01T00:00:00Z",
                         encoding_hint="utf-8")
    first, again = spool(article, tmp_path), spool(article, tmp_path)
    assert first == again and first.sha256 == article.sha256
    assert read_raw(first) == article
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [article.sha256]
