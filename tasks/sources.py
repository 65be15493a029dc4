"""Sources: the sources config (deploy/sources.yaml) -> SourcesConfig, and SOURCE arguments -> SourceSpecs.

The config file holds (grain in brackets):

    allowed_roots  the only folders local sources may read [one folder]; paths are relative to the file
    fetch          the FetchPolicy of every HTTP source: timeouts, size cap, pacing, retries [one per file]
    groups         name, cron schedule and time zone [one per deployment in deploy/prefect.yaml]
    sources        name, kind, url or path, group, encoding override, home region, link pattern,
                   item cap, incremental [one per source]

`parse_sources_config` validates a parsed mapping (pure); `load_sources_config` reads the YAML file.
`resolve_sources` turns the `zhaoshang run` SOURCE arguments (files, folders, http(s) URLs, source
or group names) into specs; anything else is a ConfigError (exit 2).
"""

from __future__ import annotations

import codecs
import os
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tasks.errors import ConfigError
from tasks.fetch import HTTP_KINDS, FetchPolicy, FetchRefused, SourceSpec, check_url

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
CONFIGURED_KINDS = ("file", "folder", "page", "list", "feed")  # "url" is only for command-line URLs
DEFAULT_TIMEZONE = "Asia/Shanghai"
SOURCE_KEYS = frozenset(
    {
        "name",
        "kind",
        "url",
        "path",
        "group",
        "encoding",
        "home_region",
        "link_pattern",
        "max_items",
        "incremental",
        "description",
    }
)
GROUP_KEYS = frozenset({"name", "schedule", "timezone", "description"})
TOP_KEYS = frozenset({"version", "allowed_roots", "fetch", "groups", "sources"})


@dataclass(frozen=True)
class SourceGroup:
    """Sources fetched together on one schedule (grain: one group = one deployment)."""

    name: str
    schedule: str  # cron, five fields
    timezone: str = DEFAULT_TIMEZONE
    description: str = ""
    sources: tuple[str, ...] = ()  # member names, in file order


@dataclass(frozen=True)
class SourcesConfig:
    """A validated sources file; the empty config knows no names and allows no configured folders."""

    sources: tuple[SourceSpec, ...] = ()
    groups: tuple[SourceGroup, ...] = ()
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    allowed_roots: tuple[str, ...] = ()
    path: str | None = None  # the file it was read from, for messages

    def source(self, name: str) -> SourceSpec | None:
        return next((s for s in self.sources if s.name == name), None)

    def group(self, name: str) -> SourceGroup | None:
        return next((g for g in self.groups if g.name == name), None)

    def members(self, group: SourceGroup) -> list[SourceSpec]:
        return [spec for name in group.sources if (spec := self.source(name)) is not None]


def _fail(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _unknown_keys(entry: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise _fail(where, f"name {value!r} must be lower-case letters, digits, '.', '_' or '-'")
    return value


def parse_policy(data: Mapping[str, Any] | None, where: str = "fetch") -> FetchPolicy:
    """A FetchPolicy from the `fetch` mapping; unknown keys and wrong types are ConfigErrors."""
    data = dict(data or {})
    known = {f.name: f for f in fields(FetchPolicy)}
    _unknown_keys(data, frozenset(known), where)
    defaults = FetchPolicy()
    values: dict[str, Any] = {}
    for key, value in data.items():
        kind = type(getattr(defaults, key))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _fail(f"{where}.{key}", f"expected {kind.__name__}, got {value!r}")
        if kind in (int, float) and value < 0:
            raise _fail(f"{where}.{key}", f"must not be negative, got {value!r}")
        values[key] = value
    return FetchPolicy(**values)


def _parse_group(entry: Any, index: int) -> SourceGroup:
    where = f"groups[{index}]"
    if not isinstance(entry, Mapping):
        raise _fail(where, "each group is a mapping with name and schedule")
    _unknown_keys(entry, GROUP_KEYS, where)
    name = _name(entry.get("name"), where)
    schedule = entry.get("schedule")
    if not isinstance(schedule, str) or len(schedule.split()) != 5:
        raise _fail(f"group {name}", f"schedule {schedule!r} must be a five-field cron expression")
    timezone = entry.get("timezone", DEFAULT_TIMEZONE)
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise _fail(f"group {name}", f"unknown time zone {timezone!r}") from exc
    return SourceGroup(name, schedule, timezone, str(entry.get("description", "")))


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _parse_source(entry: Any, index: int, base_dir: Path, roots: Sequence[Path]) -> tuple[SourceSpec, str]:
    where = f"sources[{index}]"
    if not isinstance(entry, Mapping):
        raise _fail(where, "each source is a mapping with name, kind, url or path, and group")
    _unknown_keys(entry, SOURCE_KEYS, where)
    name = _name(entry.get("name"), where)
    where = f"source {name}"
    kind = entry.get("kind")
    if kind not in CONFIGURED_KINDS:
        raise _fail(where, f"kind {kind!r} must be one of {', '.join(CONFIGURED_KINDS)}")
    if kind in HTTP_KINDS:
        if "path" in entry or not isinstance(entry.get("url"), str):
            raise _fail(where, f"a {kind} source takes a `url` (and no `path`)")
        try:
            location = check_url(entry["url"])
        except FetchRefused as exc:
            raise _fail(where, str(exc)) from exc
    else:
        if "url" in entry or not isinstance(entry.get("path"), str):
            raise _fail(where, f"a {kind} source takes a `path` (and no `url`)")
        resolved = (base_dir / entry["path"]).resolve()
        if not _inside(resolved, roots):
            raise _fail(
                where,
                f"path {resolved} is outside the allowed_roots ({', '.join(map(str, roots)) or 'none'})",
            )
        location = str(resolved)
    encoding = entry.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError) as exc:
            raise _fail(where, f"unknown encoding {encoding!r}") from exc
    pattern = entry.get("link_pattern")
    if pattern is not None:
        if kind != "list":
            raise _fail(where, "link_pattern applies to list sources only")
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise _fail(where, f"link_pattern {pattern!r} is not a regular expression: {exc}") from exc
    max_items = entry.get("max_items")
    if max_items is not None and (
        not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1
    ):
        raise _fail(where, f"max_items must be a positive integer, got {max_items!r}")
    incremental = entry.get("incremental", True)
    if not isinstance(incremental, bool):
        raise _fail(where, f"incremental must be true or false, got {incremental!r}")
    group = entry.get("group")
    if not isinstance(group, str):
        raise _fail(where, "every source names its `group` (its schedule)")
    spec = SourceSpec(
        name=name,
        kind=kind,
        location=location,
        home_region=entry.get("home_region"),
        encoding=encoding,
        incremental=incremental,
        link_pattern=pattern,
        max_items=max_items,
    )
    return spec, group


def parse_sources_config(
    data: Mapping[str, Any] | None, base_dir: Path, path: str | None = None
) -> SourcesConfig:
    """Validate a parsed sources file; relative paths are taken from `base_dir` (the file's folder)."""
    data = dict(data or {})
    _unknown_keys(data, TOP_KEYS, path or "sources config")
    if data.get("version", 1) != 1:
        raise ConfigError(f"{path}: version {data.get('version')!r} is not supported (1 is)")
    roots = tuple((base_dir / str(root)).resolve() for root in data.get("allowed_roots") or [])
    groups = [_parse_group(entry, i) for i, entry in enumerate(data.get("groups") or [])]
    parsed = [_parse_source(entry, i, base_dir, roots) for i, entry in enumerate(data.get("sources") or [])]
    names = [g.name for g in groups] + [spec.name for spec, _ in parsed]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(
            f"{path}: names used twice (sources and groups share one namespace): {', '.join(repeated)}"
        )
    members: dict[str, list[str]] = {g.name: [] for g in groups}
    for spec, group in parsed:
        if group not in members:
            raise _fail(
                f"source {spec.name}", f"group {group!r} is not among the groups ({', '.join(members)})"
            )
        members[group].append(spec.name)
    return SourcesConfig(
        sources=tuple(spec for spec, _ in parsed),
        groups=tuple(
            SourceGroup(g.name, g.schedule, g.timezone, g.description, tuple(members[g.name])) for g in groups
        ),
        policy=parse_policy(data.get("fetch")),
        allowed_roots=tuple(str(root) for root in roots),
        path=path,
    )


def sources_config_for(sources_file: str | None, project_root: Path) -> SourcesConfig:
    """The sources config of a run: the file given, else $ZHAOSHANG_SOURCES_FILE, else
    deploy/sources.yaml in the project (and an empty config when that default file is absent)."""
    chosen = sources_file or os.environ.get("ZHAOSHANG_SOURCES_FILE")
    if chosen:
        return load_sources_config(Path(chosen))
    default = project_root / "deploy" / "sources.yaml"
    return load_sources_config(default) if default.exists() else SourcesConfig()


def load_sources_config(path: Path) -> SourcesConfig:
    """Read and validate one sources file; ConfigError if it is missing or wrong."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the sources config {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"sources config {path} is not valid YAML: {exc}") from exc
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"sources config {path} must be a mapping at the top")
    return parse_sources_config(data, path.resolve().parent, str(path))


def url_source_name(url: str) -> str:
    """The source name of a URL given on the command line: its host (lower case, port kept)."""
    return urlsplit(url).netloc.lower()


def resolve_sources(args: Sequence[str], config: SourcesConfig, default_dir: Path) -> list[SourceSpec]:
    """Turn SOURCE arguments into specs, in order, each source once; none means the sample articles.

    A SOURCE is the name of a source or group in `config`, an http(s) URL (a configured source
    when one has that URL, else a page or feed of its own), or a file or folder path. Raises
    ConfigError for anything else, and for URLs of another scheme (file:// included).
    """
    if not args:
        return [SourceSpec(name="seeds", kind="folder", location=str(default_dir))]
    specs: list[SourceSpec] = []
    for arg in args:
        if "://" in arg:
            try:
                check_url(arg)
            except FetchRefused as exc:
                raise ConfigError(f"source {arg!r}: {exc}; give a local file as a path") from exc
            configured = next((s for s in config.sources if s.location == arg), None)
            specs.append(
                configured
                or SourceSpec(name=url_source_name(arg), kind="url", location=arg, incremental=True)
            )
        elif (spec := config.source(arg)) is not None:
            specs.append(spec)
        elif (group := config.group(arg)) is not None:
            specs.extend(config.members(group))
        elif Path(arg).is_dir():
            specs.append(SourceSpec(name=Path(arg).resolve().name, kind="folder", location=arg))
        elif Path(arg).is_file():
            specs.append(SourceSpec(name=Path(arg).resolve().parent.name, kind="file", location=arg))
        else:
            known = ", ".join([g.name for g in config.groups] + [s.name for s in config.sources]) or "none"
            raise ConfigError(
                f"source {arg!r} is not a file or folder, an http(s) URL, or a source or group named in "
                f"{config.path or 'the sources config'} (known names: {known})"
            )
    return list(dict.fromkeys(specs))
