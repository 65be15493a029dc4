"""End to end on a real Prefect server: `prefect server start` on a free loopback port (own
PREFECT_HOME), a process work pool, `prefect deploy --prefect-file deploy/prefect.yaml --all`, a
worker, and two runs of a deployment against a local web site built from the seed articles: an
RSS feed, a list page and an article page; one page GBK-encoded, one failing with 500 once, one
answering 304 to the second run's conditional request, one that robots.txt forbids.

Pins down: the deployments of deploy/prefect.yaml deploy and run on a worker as written; every
seed article reaches the database once with the bytes served and its fetch time; the GBK page is
decoded; the 500 is retried; the forbidden page is never requested; the second run asks with the
remembered ETag, gets a 304 and adds no article, fact or batch.
"""

from __future__ import annotations

import html
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tasks.load import make_engine, table_counts

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLES = ROOT / "seeds" / "articles"
PREFECT = ROOT / ".venv" / "bin" / "prefect"
DATA_TABLES = ("articles", "article_sources", "batches", "batch_articles", "facts", "events")

pytestmark = pytest.mark.slow


def seed_text(number: str) -> str:
    (path,) = SEED_ARTICLES.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def seed_page(body: str, charset: str) -> bytes:
    """A seed article as an HTML page: the first line is the title, every other line a paragraph."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(lines[0])}</title>'
        f"</head><body><article><h1>{html.escape(lines[0])}</h1>\n{paragraphs}</article></body></html>"
    )
    return page.encode(charset)


class SeedSite:
    """A local web site of the seed articles (http.server in a thread) that counts what it was asked."""

    ETAG = '"seed-003-v1"'

    def __init__(self) -> None:
        self.pages = {
            "/news/000.html": (seed_page(seed_text("000"), "utf-8"), "utf-8"),
            "/news/002-gbk.html": (seed_page(seed_text("002"), "gbk"), "gbk"),
            "/news/001-flaky.html": (seed_page(seed_text("001"), "utf-8"), "utf-8"),
            "/news/003-etag.html": (seed_page(seed_text("003"), "utf-8"), "utf-8"),
            "/news/004.html": (seed_page(seed_text("004"), "utf-8"), "utf-8"),
        }
        self.requests: Counter[str] = Counter()
        self.not_modified: list[str] = []
        self.failures_left = {"/news/001-flaky.html": 1}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{name}</title><link>{self.base}{name}</link></item>"
            for name in ("/news/000.html", "/news/002-gbk.html", "/private/draft.html")
        )
        rss = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'
        return rss.encode()

    def listing(self) -> bytes:
        links = "".join(
            f'<li><a href="{name}">{name}</a></li>'
            for name in ("/news/001-flaky.html", "/news/003-etag.html", "/about.html")
        )
        return f"<html><body><ul>{links}</ul></body></html>".encode()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        with self._lock:
            self.requests[path] += 1
            failing = self.failures_left.get(path, 0) > 0
            if failing:
                self.failures_left[path] -= 1
        status, body, headers = 404, b"not found", {"Content-Type": "text/plain"}
        if path == "/robots.txt":
            status, body = 200, b"User-agent: *\nDisallow: /private/\n"
        elif path == "/feed.xml":
            status, body, headers = 200, self.feed(), {"Content-Type": "application/rss+xml"}
        elif path == "/list.html":
            status, body, headers = 200, self.listing(), {"Content-Type": "text/html; charset=utf-8"}
        elif failing:
            status, body = 500, b"try again"
        elif path in self.pages:
            body, charset = self.pages[path]
            status, headers = 200, {"Content-Type": f"text/html; charset={charset}"}
            if path == "/news/003-etag.html":
                headers["ETag"] = self.ETAG
                if request.headers.get("If-None-Match") == self.ETAG:
                    self.not_modified.append(path)
                    status, body = 304, b""
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def __enter__(self) -> SeedSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """End a process started here and its children (it leads its own process group).

    SIGINT, as Ctrl-C would: a Prefect worker answers SIGTERM only by sending itself SIGINT.
    """
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def prefect(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PREFECT), "--no-prompt", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def prefect_server(tmp_path):
    """A real Prefect server on a free loopback port with its own home; yields the environment to use it."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "ZHAOSHANG_DATA_DIR": str(tmp_path / "data"),
        "ZHAOSHANG_REPORT_DIR": str(tmp_path / "reports"),
    }
    env.pop("PREFECT_PROFILE", None)
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "the Prefect server did not answer within 120 s"
            time.sleep(0.5)
        yield env
    finally:
        stop(server)
        log.close()


def wait_for_scheduled_runs(env: dict[str, str], timeout: float = 120) -> dict[str, list[datetime]]:
    """The scheduled runs the server's scheduler created, by the source group they run (UTC start times)."""
    deadline = time.monotonic() + timeout
    while True:
        listed = prefect(
            env, "flow-run", "ls", "--state-type", "SCHEDULED", "--limit", "200", "--output", "json"
        )
        runs = json.loads(listed.stdout) if listed.returncode == 0 and listed.stdout.strip() else []
        by_group: dict[str, list[datetime]] = {}
        for run in runs:
            by_group.setdefault(run["parameters"]["sources"][0], []).append(
                datetime.fromisoformat(run["expected_start_time"]).astimezone(UTC)
            )
        if len(by_group) >= 3 or time.monotonic() > deadline:
            return by_group
        time.sleep(2)


def write_sources(path: Path, base: str) -> None:
    config = {
        "fetch": {"min_interval_s": 0.0, "retries": 2, "backoff_s": 0.2, "timeout_s": 10.0},
        "groups": [{"name": "e2e", "schedule": "0 6 * * *"}],
        "sources": [
            {"name": "site-feed", "kind": "feed", "url": f"{base}/feed.xml", "group": "e2e"},
            {
                "name": "site-list",
                "kind": "list",
                "url": f"{base}/list.html",
                "link_pattern": r"/news/",
                "group": "e2e",
            },
            {
                "name": "site-page",
                "kind": "page",
                "url": f"{base}/news/004.html",
                "home_region": "淮安市",
                "group": "e2e",
            },
        ],
    }
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")  # JSON is YAML


def data_counts(db_url: str) -> dict[str, int]:
    counts = table_counts(make_engine(db_url))
    return {t: counts[t] for t in DATA_TABLES}


def test_deployments_run_on_a_worker_and_fetch_a_site_incrementally(prefect_server, tmp_path):
    env = prefect_server
    db_url = f"sqlite:///{tmp_path / 'zhaoshang.db'}"
    sources_file = tmp_path / "sources.yaml"

    created = prefect(env, "work-pool", "create", "zhaoshang-process", "--type", "process")
    assert created.returncode == 0, created.stdout + created.stderr
    deployed = prefect(env, "deploy", "--prefect-file", "deploy/prefect.yaml", "--all")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    listed = prefect(env, "deployment", "ls")
    for name in ("drop-folder", "jiangsu", "national", "backfill-dask"):
        assert name in listed.stdout
    scheduled = wait_for_scheduled_runs(env)
    assert set(scheduled) == {"drop-folder", "jiangsu", "national"}  # backfill-dask has no schedule
    # 07:30 in Shanghai is 23:30 UTC; the server schedules in the deployment's time zone.
    assert {(t.hour, t.minute) for t in scheduled["jiangsu"]} == {(23, 30)}

    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [str(PREFECT), "worker", "start", "--pool", "zhaoshang-process"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        with SeedSite() as site:
            write_sources(sources_file, site.base)
            params = json.dumps({"sources": ["e2e"], "sources_file": str(sources_file), "db_url": db_url})

            first = prefect(
                env,
                "deployment",
                "run",
                "article-etl/national",
                "--params",
                params,
                "--watch",
                "--watch-timeout",
                "400",
                timeout=450,
            )
            assert first.returncode == 0, first.stdout + first.stderr + (tmp_path / "worker.log").read_text()
            assert "Completed" in first.stdout
            after_first = data_counts(db_url)
            assert after_first["articles"] == 5
            assert site.requests["/news/001-flaky.html"] == 2  # a 500, then the page
            assert site.requests["/private/draft.html"] == 0  # robots.txt forbids it
            assert site.requests["/robots.txt"] >= 1

            engine = make_engine(db_url)
            with engine.connect() as conn:
                stored = {
                    uri: (raw, text_, fetched_at)
                    for uri, raw, text_, fetched_at in conn.execute(
                        text(
                            "SELECT s.uri, a.raw, a.text, s.fetched_at FROM articles a "
                            "JOIN article_sources s ON s.article_sha256 = a.sha256"
                        )
                    )
                }
                sources = dict(conn.execute(text("SELECT name, kind FROM sources")).all())
            assert set(stored) == {site.base + path for path in site.pages}
            for path, (body, _) in site.pages.items():
                assert stored[site.base + path][0] == body  # the bytes exactly as served
                assert stored[site.base + path][2]  # a fetch time
            assert "连云港" in stored[site.base + "/news/002-gbk.html"][1]  # the GBK page, decoded
            assert sources == {"site-feed": "feed", "site-list": "list", "site-page": "page"}
            assert after_first["facts"] > 0

            second = prefect(
                env,
                "deployment",
                "run",
                "article-etl/national",
                "--params",
                params,
                "--watch",
                "--watch-timeout",
                "400",
                timeout=450,
            )
            assert second.returncode == 0, (
                second.stdout + second.stderr + (tmp_path / "worker.log").read_text()
            )
            assert site.not_modified == ["/news/003-etag.html"]
            assert data_counts(db_url) == after_first
            log_lines = (
                (tmp_path / "data" / "fetch_log" / "site-list.jsonl").read_text(encoding="utf-8").splitlines()
            )
            statuses = [(e["url"].removeprefix(site.base), e["status"]) for e in map(json.loads, log_lines)]
            assert ("/news/003-etag.html", 304) in statuses
            with make_engine(db_url).connect() as conn:
                assert (
                    conn.execute(text("SELECT count(*) FROM runs WHERE status = 'completed'")).scalar_one()
                    == 2
                )
    finally:
        stop(worker)
        worker_log.close()


def test_a_drop_folder_source_loads_only_new_files(prefect_harness, tmp_path, monkeypatch, capsys):
    from flows.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sources_file = tmp_path / "sources.yaml"
    config = {"allowed_roots": ["inbox"], "groups": [{"name": "local", "schedule": "*/15 * * * *"}],
              "sources": [{"name": "inbox", "kind": "folder", "path": "inbox", "group": "local"}]}
    sources_file.write_text(json.dumps(config), encoding="utf-8")
    monkeypatch.setenv("ZHAOSHANG_SOURCES_FILE", str(sources_file))
    monkeypatch.setenv("ZHAOSHANG_DATA_DIR", str(tmp_path / "data"))
    db_url = f"sqlite:///{tmp_path / 'zhaoshang.db'}"
    run = ["run", "local", "--db", db_url, "--report-dir", str(tmp_path / "reports")]

    for number in ("002", "003"):
        (inbox / f"{number}.txt").write_text(seed_text(number), encoding="utf-8")
    assert main(run) == 0
    assert "1 batches loaded" in capsys.readouterr().out
    assert data_counts(db_url)["articles"] == 2

    (inbox / "004.txt").write_text(seed_text("004"), encoding="utf-8")
    (inbox / "003-copy.txt").write_text(seed_text("003"), encoding="utf-8")  # bytes already stored
    assert main(run) == 0
    out = capsys.readouterr().out
    assert "1 batches loaded" in out and "[inbox] 1 articles" in out
    assert data_counts(db_url)["articles"] == 3

    assert main(run) == 0
    assert "0 batches loaded, 0 quarantined, 0 already loaded" in capsys.readouterr().out
    state = json.loads((tmp_path / "data" / "fetch_state" / "inbox.json").read_text(encoding="utf-8"))
    assert sorted(Path(e["uri"]).name for e in state["locations"]) == ["002.txt", "003-copy.txt", "003.txt",
                                                                       "004.txt"]
