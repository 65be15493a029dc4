"""The `zhaoshang` command (../shared/contract/CLI.md).

`extract` runs the same pure stage functions as the flow, without Prefect or a
database. `run` starts one flow run; `report` writes the data-quality report.
Heavy imports (Prefect, Great Expectations) happen inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from tasks.errors import ConfigError, GateFailed

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BLOCKED = 0, 1, 2, 3


def _read_raw(path: Path) -> "tuple[object, str | None]":
    """Read one input file as a RawArticle; an unreadable file gives (None, reason)."""
    from tasks.models import RawArticle

    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    return RawArticle(source_name="cli", uri=str(path), raw=data, fetched_at=fetched_at), None


def cmd_extract(args: argparse.Namespace) -> int:
    """Print one contract object per input file, in input order."""
    from tasks.config import load_settings
    from tasks.extract import extract_article
    from tasks.models import ArticleResult
    from tasks.normalize import normalize_article
    from tasks.reference import load_reference

    ref = load_reference(load_settings().seeds_dir)
    out = sys.stdout
    for name in args.paths:
        raw, error = _read_raw(Path(name))
        if raw is None:
            result = ArticleResult(source=name, title=None, published=None, home_region=None, error=error)
        else:
            try:
                result = extract_article(normalize_article(raw, ref.text_rules), ref)  # type: ignore[arg-type]
            except Exception as exc:  # one bad article never stops the others
                result = ArticleResult(
                    source=name, title=None, published=None, home_region=None,
                    error=f"internal error: {type(exc).__name__}: {exc}",
                )
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhaoshang",
        description="Turn Chinese investment-promotion news into a reconciled, quality-checked database.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_extract = sub.add_parser(
        "extract",
        help="print the facts and events of articles as JSON lines (no database, no server)",
        description="Print one JSON object per input file, in input order, in the shape of EXTRACT.md.",
    )
    p_extract.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt or .html)")
    p_extract.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)")
    p_extract.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"zhaoshang: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GateFailed as exc:
        print(f"zhaoshang: {exc}", file=sys.stderr)
        return EXIT_BLOCKED


if __name__ == "__main__":
    sys.exit(main())
