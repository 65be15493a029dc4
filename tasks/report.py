"""Report: database rows -> self-contained HTML pages (an index of runs, one page per run).

Rendering is pure (`render_index`, `render_run`) over plain row dicts; `write_report`
reads the rows through tasks.load and writes the files. All text from articles is
escaped; the pages carry their own CSS and inline SVG charts, and load nothing.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Row = Mapping[str, Any]

STYLE = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37}.warn{color:#9a6700;font-weight:600}.fail{color:#cf222e;font-weight:600}
.loaded,.approved{color:#1a7f37}.quarantined,.rejected{color:#cf222e;font-weight:600}
mark{background:#fff3b0;padding:0 .1rem}.evidence{font-size:.85rem;color:#444;display:inline-block;min-width:24em}
.muted{color:#777;font-size:.85rem}svg text{font-size:11px}
"""


def esc(value: object) -> str:
    """Escape anything for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def highlight(sentence: str, needle: str | None) -> str:
    """The escaped sentence with the first occurrence of `needle` marked."""
    if not needle or needle not in sentence:
        return esc(sentence)
    i = sentence.index(needle)
    return esc(sentence[:i]) + "<mark>" + esc(needle) + "</mark>" + esc(sentence[i + len(needle):])


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{esc(title)}</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """An HTML table; cells are already-escaped HTML."""
    num = set(numeric)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td class=\"num\">{c}</td>" if i in num else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bar_chart(values: Sequence[tuple[str, float]], unit: str, width: int = 640) -> str:
    """A horizontal bar chart as inline SVG."""
    if not values:
        return ""
    top = max(v for _, v in values) or 1.0
    row_h, label_w = 20, 170
    height = row_h * len(values) + 10
    bars = []
    for i, (label, v) in enumerate(values):
        w = max(1.0, (width - label_w - 90) * v / top)
        y = 5 + i * row_h
        bars.append(
            f"<text x=\"0\" y=\"{y + 14}\">{esc(label)}</text>"
            f"<rect x=\"{label_w}\" y=\"{y + 3}\" width=\"{w:.1f}\" height=\"14\" fill=\"#4c78a8\"></rect>"
            f"<text x=\"{label_w + w + 4:.1f}\" y=\"{y + 14}\">{esc(f'{v:g}')} {esc(unit)}</text>"
        )
    return (f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">"
            + "".join(bars) + "</svg>")


def _fmt(v: object) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        return esc(f"{v:g}")
    return esc(v)


def render_index(runs: Sequence[Row], batches: Sequence[Row], decisions: Sequence[Row]) -> str:
    """The list of runs, newest first, with their batch outcomes, and the review audit trail."""
    per_run: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for b in batches:
        per_run[str(b["run_id"])][str(b["status"])] += 1
    rows = []
    for r in sorted(runs, key=lambda r: str(r["started_at"]), reverse=True):
        counts = per_run.get(str(r["run_id"]), {})
        outcome = ", ".join(f"<span class=\"{esc(k)}\">{n} {esc(k)}</span>" for k, n in sorted(counts.items()))
        rows.append([
            f"<a href=\"run-{esc(r['run_id'])}.html\">{esc(str(r['run_id'])[:8])}</a>",
            esc(r["started_at"]), esc(r["status"]), outcome or "<span class=\"muted\">no new batches</span>",
        ])
    body = "<h1>zhaoshang data-quality report</h1>"
    body += f"<p class=\"muted\">{len(runs)} runs, {len(batches)} batches.</p>"
    body += "<h2>Runs</h2>" + table(["run", "started", "status", "batches"], rows)
    if decisions:
        body += "<h2>Review decisions</h2>" + table(
            ["batch", "decision", "reviewer", "reason", "when"],
            [[esc(d["batch_key"]), esc(d["decision"]), esc(d["reviewer"]), esc(d["reason"]), esc(d["decided_at"])]
             for d in decisions],
        )
    return page("zhaoshang report", body)


def _fact_cell(f: Row | None, ref: Row) -> str:
    if f is None:  # a quarantined batch: the check carries the fact's label and sentence itself
        label = ref.get("label") or "(fact not loaded)"
        sentence = str(ref.get("evidence") or "")
        return (f"{esc(label)} <span class=\"muted\">(not loaded)</span>"
                f"<div class=\"evidence\">{highlight(sentence, ref.get('surface'))}</div>")
    head = (f"{esc(f['region'])} · {esc(f['metric'])} · {esc(f['period'])}"
            f"{' · ' + esc(f['scope']) if f.get('scope') else ''}: <b>{_fmt(f['value'])} {esc(f['unit'])}</b>")
    return f"{head}<div class=\"evidence\">{highlight(str(f.get('evidence') or ''), f.get('surface'))}</div>"


def render_run(run: Row, rows: Row) -> str:
    """One run: its batches and outcomes, each failed or warned check with its numbers and
    source sentences, the chart of its signed investment and the facts it loaded by region and
    period. `rows` is what `tasks.load.run_report_rows` reads: the first rows of long lists, and
    their counts."""
    # rows["checks"] holds failed and warned checks only (the first of them).
    batches, flagged, facts, decisions = rows["batches"], rows["checks"], rows["facts"], rows["decisions"]
    fact_count, signed = rows["fact_count"], rows["signed"]
    run_id = str(run["run_id"])
    body = f"<p><a href=\"index.html\">← all runs</a></p><h1>Run {esc(run_id)}</h1>"
    body += f"<p>started {esc(run['started_at'])}, finished {esc(run.get('finished_at'))}, status <b>{esc(run['status'])}</b></p>"
    body += "<h2>Batches</h2>" + table(
        ["batch", "source", "articles", "facts", "outcome", "reasons"],
        [[esc(b["batch_key"]) + f" <a href=\"gx/{esc(b['batch_key'])}/index.html\">GX Data Docs</a>", esc(b["source"]), _fmt(b.get("article_count")), _fmt(b.get("fact_count")),
          f"<span class=\"{esc(b['status'])}\">{esc(b['status'])}</span>",
          "<br>".join(esc(x) for x in (b.get("reasons") or []))] for b in batches],
        numeric=(2, 3),
    )
    facts_by_ref = {(f["article_sha256"], f["fact_index"]): f for f in facts if f.get("fact_index") is not None}
    body += f"<h2>Checks that failed or warned ({rows['flagged_count']} of {rows['check_count']})</h2>"
    if rows["flagged_count"] > len(flagged):
        body += (f"<p class=\"muted\">The first {len(flagged)}, failures first; all {rows['flagged_count']} are in "
                 "the database and each batch's review (zhaoshang review show).</p>")
    if flagged:
        cells_rows = []
        for c in sorted(flagged, key=lambda c: (c["status"] != "fail", str(c["check"]))):
            refs = c.get("facts") or []
            cells = "".join(_fact_cell(facts_by_ref.get((r["article_sha256"], r["fact_index"])), r) for r in refs)
            cells_rows.append([f"<span class=\"{esc(c['status'])}\">{esc(c['status'])}</span>", esc(c["check"]),
                               esc(c["message"]), _fmt(c.get("observed")), _fmt(c.get("expected")),
                               _fmt(c.get("tolerance")), cells or "<span class=\"muted\">batch-level</span>"])
        body += table(["status", "check", "what", "observed", "expected", "tolerance", "facts and sources"],
                      cells_rows, numeric=(3, 4, 5))
    else:
        body += "<p class=\"pass\">Every check passed.</p>"
    run_facts = [f for f in facts if f.get("batch_key") in {b["batch_key"] for b in batches}]
    body += f"<h2>Facts loaded ({fact_count})</h2>"
    if signed:
        body += "<p>Signed investment by region and period (actual, CNY):</p>"
        body += bar_chart(sorted(((f"{region} {period}", value) for region, period, value in signed),
                                 key=lambda kv: -kv[1])[:25], "亿元")
    if fact_count > len(run_facts):
        body += (f"<p class=\"muted\">The first {len(run_facts)} by region, period and metric; all {fact_count} "
                 "are in the database.</p>")
    body += table(
        ["region", "metric", "scope", "period", "kind", "value", "unit", "approx", "yoy %", "share %", "evidence", "source"],
        [[esc(f["region"]), esc(f["metric"]), esc(f["scope"]), esc(f["period"]), esc(f["kind"]), _fmt(f["value"]),
          esc(f["unit"]), esc(f["approx"]), _fmt(f.get("yoy_pct")), _fmt(f.get("share_pct")),
          f"<span class=\"evidence\">{highlight(str(f.get('evidence') or ''), f.get('surface'))}</span>",
          f"<span title=\"{esc(f.get('uri'))}\">{esc(Path(str(f.get('uri') or '')).name)}</span>"]
         for f in sorted(run_facts, key=lambda f: (str(f["region"]), str(f["period"]), str(f["metric"])))],
        numeric=(5, 8, 9),
    )
    if decisions:
        body += "<h2>Review decisions</h2>" + table(
            ["batch", "decision", "reviewer", "reason", "when"],
            [[esc(d["batch_key"]), esc(d["decision"]), esc(d["reviewer"]), esc(d["reason"]), esc(d["decided_at"])]
             for d in decisions],
        )
    return page(f"zhaoshang run {run_id[:8]}", body)


# Rows of the facts and of the checks tables on a run page: enough to review, bounded however
# large the run (a run of 100,000 articles stores a million facts and checks).
REPORT_ROWS = 2000


def write_report(engine: Any, out_dir: Path, run_id: str | None = None) -> Path:
    """Write index.html and the page of run `run_id` (None: of every run) into `out_dir`; returns
    the index path. Each page reads its own run's rows, so memory follows the largest run."""
    from tasks import load

    index_rows = load.report_index_rows(engine)
    out_dir.mkdir(parents=True, exist_ok=True)
    for run in index_rows["runs"]:
        if run_id is not None and run["run_id"] != run_id:
            continue
        rows = load.run_report_rows(engine, run["run_id"], REPORT_ROWS)
        (out_dir / f"run-{run['run_id']}.html").write_text(render_run(run, rows), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(render_index(index_rows["runs"], index_rows["batches"], index_rows["decisions"]), encoding="utf-8")
    return index
