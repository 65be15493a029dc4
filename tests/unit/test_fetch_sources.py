"""The sources config and SOURCE arguments: deploy/sources.yaml is valid; a config with a typo, a
file:// URL, a path outside allowed_roots, a repeated name or an unknown group is refused with a
message naming the entry; SOURCE arguments resolve to configured sources, groups, URLs and paths,
and anything else is a ConfigError (the CLI's exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import main
from tasks.errors import ConfigError
from tasks.fetch import FetchPolicy, SourceSpec
from tasks.sources import load_sources_config, parse_sources_config, resolve_sources, sources_config_for

ROOT = Path(__file__).resolve().parents[2]
SOURCES_FILE = ROOT / "deploy" / "sources.yaml"
SEED_ARTICLES = ROOT / "seeds" / "articles"


def config_data(tmp_path: Path, **changes) -> dict:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    data = {
        "allowed_roots": ["inbox"],
        "fetch": {"timeout_s": 5, "min_interval_s": 0.5},
        "groups": [{"name": "daily", "schedule": "0 7 * * *"}],
        "sources": [
            {"name": "drop", "kind": "folder", "path": "inbox", "group": "daily"},
            {
                "name": "zj-list",
                "kind": "list",
                "url": "https://news.example/zj/",
                "link_pattern": r"/t\d+\.shtml$",
                "home_region": "镇江市",
                "encoding": "gbk",
                "group": "daily",
            },
        ],
    }
    data.update(changes)
    return data


def test_the_shipped_sources_file_is_valid():
    config = load_sources_config(SOURCES_FILE)
    assert config.groups and config.sources
    assert all(config.members(g) for g in config.groups)  # no empty group
    assert {s.kind for s in config.sources} >= {"folder", "list", "feed"}
    assert all(g.timezone == "Asia/Shanghai" for g in config.groups)


def test_a_config_parses_into_specs_groups_and_a_policy(tmp_path):
    config = parse_sources_config(config_data(tmp_path), tmp_path)
    drop, listing = config.sources
    assert drop == SourceSpec("drop", "folder", str((tmp_path / "inbox").resolve()), incremental=True)
    assert (listing.kind, listing.home_region, listing.encoding) == ("list", "镇江市", "gbk")
    assert config.group("daily").sources == ("drop", "zj-list")
    assert config.policy == FetchPolicy(timeout_s=5.0, min_interval_s=0.5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sourcez": []}, "unknown key"),
        ({"fetch": {"timeout": 5}}, "unknown key"),
        ({"fetch": {"retries": "three"}}, "expected int"),
        ({"fetch": {"max_bytes": -1}}, "must not be negative"),
        ({"groups": [{"name": "daily", "schedule": "every day"}]}, "five-field cron"),
        (
            {"groups": [{"name": "daily", "schedule": "0 7 * * *", "timezone": "Mars/Olympus"}]},
            "unknown time zone",
        ),
        ({"groups": [{"name": "Daily News", "schedule": "0 7 * * *"}]}, "must be lower-case"),
        (
            {"sources": [{"name": "x", "kind": "page", "url": "file:///etc/passwd", "group": "daily"}]},
            "only absolute http",
        ),
        (
            {"sources": [{"name": "x", "kind": "folder", "path": "/etc", "group": "daily"}]},
            "outside the allowed_roots",
        ),
        (
            {"sources": [{"name": "x", "kind": "folder", "path": "inbox/../..", "group": "daily"}]},
            "outside the allowed_roots",
        ),
        ({"sources": [{"name": "x", "kind": "page", "path": "inbox", "group": "daily"}]}, "takes a `url`"),
        (
            {"sources": [{"name": "x", "kind": "torrent", "url": "https://a.example/", "group": "daily"}]},
            "kind 'torrent'",
        ),
        (
            {"sources": [{"name": "x", "kind": "page", "url": "https://a.example/", "group": "weekly"}]},
            "group 'weekly'",
        ),
        ({"sources": [{"name": "x", "kind": "page", "url": "https://a.example/"}]}, "names its `group`"),
        (
            {
                "sources": [
                    {
                        "name": "x",
                        "kind": "page",
                        "url": "https://a.example/",
                        "group": "daily",
                        "encoding": "klingon",
                    }
                ]
            },
            "unknown encoding",
        ),
        (
            {
                "sources": [
                    {
                        "name": "x",
                        "kind": "list",
                        "url": "https://a.example/",
                        "group": "daily",
                        "link_pattern": "(",
                    }
                ]
            },
            "not a regular expression",
        ),
        (
            {
                "sources": [
                    {
                        "name": "x",
                        "kind": "page",
                        "url": "https://a.example/",
                        "group": "daily",
                        "link_pattern": "a",
                    }
                ]
            },
            "list sources only",
        ),
        (
            {
                "sources": [
                    {
                        "name": "x",
                        "kind": "feed",
                        "url": "https://a.example/",
                        "group": "daily",
                        "max_items": 0,
                    }
                ]
            },
            "positive integer",
        ),
        (
            {"sources": [{"name": "daily", "kind": "page", "url": "https://a.example/", "group": "daily"}]},
            "used twice",
        ),
    ],
)
def test_a_bad_config_is_refused_with_a_pointed_message(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message):
        parse_sources_config(config_data(tmp_path, **change), tmp_path)


def test_a_missing_or_broken_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources_config(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_sources_config(broken)


def test_the_environment_chooses_the_sources_file(tmp_path, monkeypatch):
    path = tmp_path / "sources.yaml"
    path.write_text("groups: [{name: only, schedule: '0 1 * * *'}]\n", encoding="utf-8")
    monkeypatch.setenv("ZHAOSHANG_SOURCES_FILE", str(path))
    assert [g.name for g in sources_config_for(None, ROOT).groups] == ["only"]
    monkeypatch.delenv("ZHAOSHANG_SOURCES_FILE")
    assert sources_config_for(None, tmp_path).sources == ()  # no deploy/sources.yaml there: empty


def test_arguments_resolve_to_sources_groups_urls_and_paths(tmp_path):
    config = parse_sources_config(config_data(tmp_path), tmp_path)
    specs = resolve_sources(
        [
            "zj-list",
            "daily",
            "https://other.example:8080/feed.xml",
            str(SEED_ARTICLES),
            str(SEED_ARTICLES / "001_6cee6a0920df3093.txt"),
            "https://news.example/zj/",
        ],
        config,
        SEED_ARTICLES,
    )
    assert [(s.name, s.kind) for s in specs] == [
        ("zj-list", "list"),
        ("drop", "folder"),  # the group adds drop; zj-list only once
        ("other.example:8080", "url"),
        ("articles", "folder"),
        ("articles", "file"),
    ]
    assert specs[2].incremental and not specs[3].incremental


def test_no_arguments_means_the_sample_articles():
    assert resolve_sources([], parse_sources_config({}, ROOT), SEED_ARTICLES) == [
        SourceSpec("seeds", "folder", str(SEED_ARTICLES))
    ]


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("no-such-source", "is not a file or folder, an http\\(s\\) URL, or a source or group"),
        ("file:///etc/passwd", "only absolute http"),
        ("ftp://news.example/a.html", "only absolute http"),
    ],
)
def test_anything_else_is_refused(tmp_path, arg, message):
    config = parse_sources_config(config_data(tmp_path), tmp_path)
    with pytest.raises(ConfigError, match=message):
        resolve_sources([arg], config, SEED_ARTICLES)


@pytest.mark.parametrize("arg", ["no-such-source", "file:///etc/passwd"])
def test_the_cli_exits_2_before_any_flow_starts(tmp_path, capsys, arg):
    assert main(["run", arg, "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    err = capsys.readouterr().err
    assert arg in err
    assert not (tmp_path / "x.db").exists()
