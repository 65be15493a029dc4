"""Fetch's limits against a real HTTP server on 127.0.0.1 and real folders, through the public fetch
API with the production client (`make_client`), adding what tests/unit/test_fetch*.py (mock
transport, config parsing) leave out: a server that never answers is given up at the policy's
timeout; an endless chunked body and a gzip bomb are cut off at the size cap (counted after
decompression) instead of being read to the end; a configured path that reaches outside the
allowed roots through a symlink is refused, as is a redirect from a real server to file://."""

from __future__ import annotations

import gzip
import http.server
import os
import threading
from collections.abc import Iterator

import pytest

from tasks.errors import ConfigError
from tasks.fetch import FetchError, FetchPolicy, FetchRefused, HttpFetcher, fetch_url, make_client
from tasks.sources import parse_sources_config

BOMB = gzip.compress(b"\x00" * 20_000_000)  # 20 MB of zeros in about 20 KB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    released = threading.Event()  # set when the test is done: lets a stalled answer finish

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        if self.path == "/robots.txt":
            self._send(404, b"")
        elif self.path == "/stall":
            self.released.wait(60)
            self._send(200, b"too late")
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"\xe6\x8b\x9b" * 10_000
            try:
                while not self.released.is_set():
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/bomb":
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.released = threading.Event()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        Handler.released.set()
        httpd.shutdown()
        httpd.server_close()


def fetcher(**policy: object) -> HttpFetcher:
    settings = FetchPolicy(**{"retries": 0, "min_interval_s": 0.0, **policy})  # type: ignore[arg-type]
    return HttpFetcher(make_client(settings), settings)


def test_a_server_that_never_answers_is_given_up_at_the_timeout(server):
    with pytest.raises(FetchError, match="Timeout"):
        fetch_url(fetcher(timeout_s=0.5), f"{server}/stall")
    assert not Handler.released.is_set()  # fetch returned while the server was still holding the answer


def test_an_endless_body_is_cut_off_at_the_cap(server):
    with pytest.raises(FetchRefused, match="over the cap of 200000"):
        fetch_url(fetcher(max_bytes=200_000), f"{server}/endless")


def test_a_gzip_bomb_is_refused_by_its_decompressed_size(server):
    assert len(BOMB) < 200_000  # the bytes on the wire are under the cap; what they expand to is not
    with pytest.raises(FetchRefused, match="over the cap of 1000000"):
        fetch_url(fetcher(max_bytes=1_000_000), f"{server}/bomb")


def test_a_real_redirect_to_a_local_file_is_refused(server):
    with pytest.raises(FetchRefused, match="only absolute http"):
        fetch_url(fetcher(), f"{server}/to-file")


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_symlink_out_of_the_allowed_roots_is_refused(tmp_path, kind):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the pipeline", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = outside if kind == "folder" else outside / "secret.txt"
    os.symlink(target, inbox / ("escape" if kind == "folder" else "escape.txt"))
    path = "inbox/escape" if kind == "folder" else "inbox/escape.txt"
    data = {"allowed_roots": ["inbox"], "groups": [{"name": "daily", "schedule": "0 7 * * *"}],
            "sources": [{"name": "x", "kind": kind, "path": path, "group": "daily"}]}
    with pytest.raises(ConfigError, match="outside the allowed_roots"):
        parse_sources_config(data, tmp_path)
