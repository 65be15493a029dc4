"""Fetch state files: validators survive a round trip and fresh ones win; a missing, corrupt or
foreign state file reads as empty (a refetch, never a failure); the fetch log appends one JSON line
per exchange with its headers; source names that are hosts with ports make safe file names."""

from __future__ import annotations

import json

from tasks.fetch import Exchange, Validators
from tasks.fetch_state import append_exchanges, log_path, read_validators, remember_validators, state_path


def test_validators_round_trip_and_fresh_ones_win(tmp_path):
    old = [
        Validators("http://a.example/1.html", "1" * 64, etag='"x"'),
        Validators("/inbox/a.txt", "2" * 64, mtime_ns=123, size=45),
    ]
    remember_validators(tmp_path, "news", old)
    assert read_validators(tmp_path, "news") == {v.uri: v for v in old}

    fresh = Validators(
        "http://a.example/1.html", "3" * 64, etag='"y"', last_modified="Mon, 11 Aug 2025 01:25:00 GMT"
    )
    remember_validators(tmp_path, "news", [fresh])
    assert read_validators(tmp_path, "news") == {fresh.uri: fresh, old[1].uri: old[1]}
    assert list(state_path(tmp_path, "news").parent.iterdir()) == [
        state_path(tmp_path, "news")
    ]  # no temp left


def test_missing_corrupt_or_foreign_state_reads_as_empty(tmp_path):
    assert read_validators(tmp_path, "news") == {}
    path = state_path(tmp_path, "news")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert read_validators(tmp_path, "news") == {}
    path.write_text(json.dumps({"version": 99, "locations": []}), encoding="utf-8")
    assert read_validators(tmp_path, "news") == {}
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "locations": [{"uri": "u", "sha256": "s", "colour": "red"}, {"uri": "v", "sha256": "t"}],
            }
        ),
        encoding="utf-8",
    )
    assert read_validators(tmp_path, "news") == {"v": Validators("v", "t")}


def test_the_fetch_log_appends_every_exchange_with_headers(tmp_path):
    first = Exchange(
        "http://a.example/1.html",
        "http://a.example/1.html",
        200,
        (("etag", '"x"'),),
        "2025-08-11T01:25:00+00:00",
        "1" * 64,
    )
    second = Exchange(
        "http://a.example/2.html",
        "http://a.example/2.html",
        404,
        (),
        "2025-08-11T01:25:02+00:00",
        error="HTTP 404 from http://a.example/2.html",
    )
    append_exchanges(tmp_path, "127.0.0.1:8000", [first])
    append_exchanges(tmp_path, "127.0.0.1:8000", [second])
    path = log_path(tmp_path, "127.0.0.1:8000")
    assert path.name == "127.0.0.1_8000.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(line["status"], line["sha256"]) for line in lines] == [(200, "1" * 64), (404, None)]
    assert lines[0]["headers"] == [["etag", '"x"']]


def test_nothing_to_remember_writes_nothing(tmp_path):
    remember_validators(tmp_path, "news", [])
    append_exchanges(tmp_path, "news", [])
    assert list(tmp_path.iterdir()) == []
