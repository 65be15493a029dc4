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


def _library_defaults() -> None:
    """Library settings before heavy imports: analytics off, quieter logs, patience for Prefect's
    temporary server (its first start on a machine migrates its database: over the default 20 s
    on two busy cores)."""
    import os

    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _print_summary(summary: object, out: "object") -> None:
    """One line per batch, then the totals."""
    batches = getattr(summary, "batches", [])
    for b in batches:
        line = f"  batch {b.key} [{b.source}] {b.articles} articles, {b.facts} facts: {b.status}"
        if b.warnings:
            line += f" ({len(b.warnings)} warnings)"
        print(line, file=out)
        for name in b.blocking:
            print(f"      blocked by {name}", file=out)
    loaded = sum(1 for b in batches if b.status == "loaded")
    blocked = sum(1 for b in batches if b.status == "quarantined")
    skipped = sum(1 for b in batches if b.status == "skipped")
    print(f"{loaded} batches loaded, {blocked} quarantined, {skipped} already loaded; "
          f"database {getattr(summary, 'db_url', '')}", file=out)


def cmd_run(args: argparse.Namespace) -> int:
    """One manual flow run over the given sources (none: the sample articles)."""
    from tasks.config import load_settings
    from tasks.sources import resolve_sources, sources_config_for

    settings = load_settings()
    # Unknown names, refused URLs and missing paths exit 2 before any flow starts.
    resolve_sources(args.sources, sources_config_for(None, settings.project_root), settings.seeds_dir / "articles")
    db_url = args.db or settings.db_url
    _library_defaults()
    from flows.article_etl import article_etl

    print(f"zhaoshang run: {len(args.sources) or 'sample'} source(s) -> {db_url}", file=sys.stderr)
    report_dir = str(Path(args.report_dir) if args.report_dir else settings.report_dir)
    state = article_etl(sources=args.sources, db_url=db_url, batch_size=args.batch_size, report_dir=report_dir,
                        return_state=True)
    outcome = state.result(raise_on_failure=False)
    code = EXIT_OK
    if isinstance(outcome, GateFailed):
        summary, code = outcome.summary, EXIT_BLOCKED
        print(f"zhaoshang: {len(outcome.failed)} blocking expectation(s) failed; batch(es) quarantined: "
              f"{outcome.batch_key}", file=sys.stderr)
    elif isinstance(outcome, ConfigError):
        print(f"zhaoshang: {outcome}", file=sys.stderr)
        return EXIT_USAGE
    elif isinstance(outcome, BaseException):
        print(f"zhaoshang: run failed: {type(outcome).__name__}: {outcome}", file=sys.stderr)
        return EXIT_ERROR
    else:
        summary = outcome
    _print_summary(summary, sys.stdout)
    print(f"report: {getattr(summary, 'report', None) or Path(report_dir) / 'index.html'}")
    return code


def _write_report(db_url: str, out_dir: Path) -> Path:
    from tasks import load, report

    engine = load.make_engine(db_url)
    load.migrate(engine)
    return report.write_report(engine, out_dir)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the data-quality report for the runs in the database and print its path."""
    from tasks.config import load_settings

    settings = load_settings()
    path = _write_report(args.db or settings.db_url, Path(args.out) if args.out else settings.report_dir)
    print(path)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Extract a folder of articles and print the shared scorer's figures against a gold folder."""
    from tasks.evaluate import evaluate

    summary = evaluate(Path(args.articles_dir), Path(args.gold_dir))
    misses, extras = summary.pop("misses"), summary.pop("extras")
    print(json.dumps(summary, ensure_ascii=False, indent=None if args.json else 2))
    if args.show_misses:
        for key, fact in misses:
            print(f"MISSED  {key}: {fact.get('region')} {fact.get('metric')} {fact.get('period')} {fact.get('value')}"
                  f"  | {(fact.get('evidence') or '')[:60]}")
        for key, fact in extras:
            print(f"EXTRA   {key}: {fact.get('region')} {fact.get('metric')} {fact.get('period')} {fact.get('value')}"
                  f"  | {(fact.get('evidence') or '')[:60]}")
    strict, events = summary["strict"], summary["events"]["strict"]
    print(f"strict F1 {strict['f1']:.3f} (P {strict['precision']:.3f} R {strict['recall']:.3f}) on "
          f"{summary['gold_facts']} gold facts; loose F1 {summary['loose']['f1']:.3f}; "
          f"events strict F1 {events['f1']:.3f} on {summary['events']['gold']}")
    return EXIT_OK


def _review_engine(args: argparse.Namespace) -> "object":
    from tasks import load
    from tasks.config import load_settings

    engine = load.make_engine(args.db or load_settings().db_url)
    load.migrate(engine)
    return engine


def _print_checks(checks: "list[dict]", out: "object") -> None:
    """Each failed or warned check with its numbers and the sentences of its facts."""
    for c in checks:
        if c["status"] == "pass":
            continue
        numbers = ""
        if any(isinstance(c.get(k), (int, float)) and c[k] == c[k] for k in ("observed", "expected")):  # NaN != NaN
            numbers = f" [observed {c.get('observed')}, expected {c.get('expected')}, tolerance {c.get('tolerance')}]"
        print(f"  {c['status'].upper():4} {c['check']}: {c['message']}{numbers}", file=out)
        for ref in c.get("facts") or []:
            if ref.get("label"):
                print(f"         - {ref['label']}", file=out)
            if ref.get("evidence"):
                print(f"           「{ref['evidence']}」", file=out)


def cmd_review(args: argparse.Namespace) -> int:
    """List, show, approve or reject quarantined batches; every decision goes to the audit table."""
    from tasks import load

    engine = _review_engine(args)
    if args.action == "list":
        frame = load.fetch_batches(engine)
        if not args.all:
            frame = frame[frame["status"] == "quarantined"]
        if frame.empty:
            print("no batches awaiting review" if not args.all else "no batches")
            return EXIT_OK
        for row in frame.itertuples():
            reasons = "; ".join(row.reasons or [])
            print(f"{row.batch_key}  {row.status:11}  {row.source:12}  {row.article_count} articles  "
                  f"created {row.created_at:%Y-%m-%d %H:%M}  {reasons}")
        return EXIT_OK
    if not args.batch:
        raise ConfigError(f"review {args.action} needs a BATCH key (see `zhaoshang review list`)")
    status = load.batch_status(engine, args.batch)
    if status is None:
        raise ConfigError(f"no batch {args.batch!r} in the database (see `zhaoshang review list`)")
    if args.action == "show":
        checks = load.fetch_checks(engine, args.batch).to_dict("records")
        print(f"batch {args.batch}: {status}")
        _print_checks(checks, sys.stdout)
        return EXIT_OK
    if not args.reviewer or not args.reason:
        raise ConfigError(f"review {args.action} needs --reviewer NAME and --reason TEXT (they go to the audit table)")
    if args.action == "reject":
        load.record_decision(engine, args.batch, "reject", args.reviewer, args.reason)
        print(f"batch {args.batch} rejected by {args.reviewer}")
        return EXIT_OK
    return _approve(engine, args)


def _approve(engine: "object", args: argparse.Namespace) -> int:
    """Re-extract the quarantined batch from its stored raw articles and load it, once."""
    import uuid

    from tasks import load
    from tasks.config import load_settings
    from tasks.reconcile import load_reconcile_config
    from tasks.reference import load_reference
    from tasks.review import rebuild_batch

    settings = load_settings()
    if load.batch_status(engine, args.batch) != "quarantined":
        raise ConfigError(f"batch {args.batch} is {load.batch_status(engine, args.batch)}; only a quarantined batch can be approved")
    raws = load.stored_batch_articles(engine, args.batch)
    ref = load_reference(settings.seeds_dir)
    config = load_reconcile_config(settings.project_root / "expectations" / "reconcile_v1.json")
    loaded = load.fetch_placed_facts(engine, exclude={r.sha256 for r in raws})
    batch = rebuild_batch(args.batch, raws, ref, config, loaded)
    run_id = str(uuid.uuid4())
    load.start_run(engine, run_id, {"review": "approve", "batch": args.batch, "reviewer": args.reviewer})
    load.record_decision(engine, args.batch, "approve", args.reviewer, args.reason)
    counts = load.load_batch(engine, run_id, batch)
    load.finish_run(engine, run_id, "approved", {"batch": args.batch, "facts": counts.facts})
    print(f"batch {args.batch} approved by {args.reviewer}: {counts.facts} facts loaded")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhaoshang",
        description="Turn Chinese investment-promotion news into a reconciled, quality-checked database.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_run = sub.add_parser(
        "run",
        help="one flow run: fetch, normalize, extract, reconcile, gate and load",
        description=("Run the pipeline over SOURCEs: files, folders of .txt/.html files, http(s) URLs of "
                     "article pages or RSS/Atom feeds, or names from the sources config; none: the sample "
                     "articles in seeds/. Exit 0 when every batch loaded, "
                     "3 when a quality gate quarantined a batch, 2 on bad usage, 1 on any other error."),
    )
    p_run.add_argument("sources", nargs="*", metavar="SOURCE",
                       help="file, folder, http(s) URL of a page or feed, or a source or group name from "
                            "deploy/sources.yaml ($ZHAOSHANG_SOURCES_FILE)")
    p_run.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: $ZHAOSHANG_DB_URL or data/zhaoshang.db)")
    p_run.add_argument("--report-dir", metavar="DIR", help="where the HTML report goes (default: data/reports)")
    p_run.add_argument("--batch-size", type=int, metavar="N", help="articles per batch (default: 200)")
    p_run.set_defaults(func=cmd_run)

    p_report = sub.add_parser(
        "report",
        help="write the data-quality report (HTML) for the runs in the database",
        description="Write a self-contained HTML data-quality report and print its path.",
    )
    p_report.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: $ZHAOSHANG_DB_URL or data/zhaoshang.db)")
    p_report.add_argument("--out", metavar="DIR", help="output folder (default: data/reports)")
    p_report.set_defaults(func=cmd_report)

    p_review = sub.add_parser(
        "review",
        help="list, show, approve or reject quarantined batches",
        description=("Review batches the quality gates quarantined. `list` shows them; `show BATCH` prints each "
                     "failed or warned check with its numbers and source sentences; `approve BATCH` loads the "
                     "batch (once) and `reject BATCH` closes it, both recording --reviewer and --reason."),
    )
    p_review.add_argument("action", choices=["list", "show", "approve", "reject"])
    p_review.add_argument("batch", nargs="?", metavar="BATCH", help="batch key (from `review list`)")
    p_review.add_argument("--reviewer", help="who decides (recorded)")
    p_review.add_argument("--reason", help="why (recorded)")
    p_review.add_argument("--all", action="store_true", help="list every batch, not only those under review")
    p_review.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: $ZHAOSHANG_DB_URL or data/zhaoshang.db)")
    p_review.set_defaults(func=cmd_review)

    p_extract = sub.add_parser(
        "extract",
        help="print the facts and events of articles as JSON lines (no database, no server)",
        description="Print one JSON object per input file, in input order, in the shape of EXTRACT.md.",
    )
    p_extract.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt or .html)")
    p_extract.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)")
    p_extract.set_defaults(func=cmd_extract)

    p_evaluate = sub.add_parser(
        "evaluate",
        help="extract a folder of articles and score it against gold annotations",
        description=("Run extraction over ARTICLES_DIR and score the results against the gold JSON files in "
                     "GOLD_DIR with ../shared/eval/score.py (strict and loose P/R/F1, attribute agreement)."),
    )
    p_evaluate.add_argument("articles_dir", metavar="ARTICLES_DIR", help="folder of .txt/.html articles")
    p_evaluate.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold .json files")
    p_evaluate.add_argument("--show-misses", action="store_true", help="list missed and extra facts")
    p_evaluate.add_argument("--json", action="store_true", help="print the figures on one line")
    p_evaluate.set_defaults(func=cmd_evaluate)
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
