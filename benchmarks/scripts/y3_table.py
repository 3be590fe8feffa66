#!/usr/bin/env python3
"""Markdown tables of the Y3 decode benchmark from a JMH JSON result file.

Usage: java -jar benchmarks/target/benchmarks.jar 'Y3.*' -prof gc -f 1 -wi 3 -i 5 -rf json -rff y3.json
       python3 benchmarks/scripts/y3_table.py y3.json

Table 1: mean ns/op +- JMH 99.9% error, and bytes allocated per op (gc.alloc.rate.norm).
Table 2: flink-json time / Y3 time from the same run (higher = Y3 faster), from the means and from
the best (fastest) measurement iteration of each; on a busy machine the best iteration is the one
least disturbed by other processes.
"""
import json
import sys
from collections import defaultdict

METHODS = ["y3Projected", "y3ProjectedFirstWins", "y3FullThenProject", "y3ObservingRaw", "flinkJsonTree", "flinkJsonParser"]
OBSERVED = ["ONE", "QUARTER", "ALL"]
RATIOS = [("flinkJsonTree", "y3Projected"), ("flinkJsonParser", "y3Projected"),
          ("flinkJsonParser", "y3ProjectedFirstWins"),
          ("flinkJsonTree", "y3FullThenProject"), ("flinkJsonParser", "y3FullThenProject")]
SHORT = {"y3ProjectedFirstWins": "(a')", "flinkJsonTree": "tree", "flinkJsonParser": "parser", "y3Projected": "(a)", "y3FullThenProject": "(b)"}


def load(path):
    rows = defaultdict(dict)
    for r in json.load(open(path)):
        method = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        pm = r["primaryMetric"]
        best = min(v for fork in pm["rawData"] for v in fork)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(int(p["fields"]), p["observed"])][method] = (pm["score"], pm["scoreError"], best, alloc)
    return rows


def keys(rows):
    for fields in sorted({k[0] for k in rows}):
        for obs in OBSERVED:
            if (fields, obs) in rows:
                yield fields, obs


def main(path):
    rows = load(path)
    print("| fields | observed | " + " | ".join(METHODS) + " |")
    print("|---|---|" + "---|" * len(METHODS))
    for k in keys(rows):
        cells = []
        for m in METHODS:
            if m in rows[k]:
                s, e, _, a = rows[k][m]
                alloc = "" if a is None else f", {a:,.0f} B"
                cells.append(f"{s:,.0f} ± {e:,.0f} ns{alloc}")
            else:
                cells.append("-")
        print(f"| {k[0]} | {k[1]} | " + " | ".join(cells) + " |")
    print()
    print("| fields | observed | " + " | ".join(f"{SHORT[n]} / {SHORT[d]}" for n, d in RATIOS) + " |")
    print("|---|---|" + "---|" * len(RATIOS))
    for k in keys(rows):
        row = rows[k]
        cells = []
        for n, d in RATIOS:
            if n in row and d in row:
                cells.append(f"{row[n][0] / row[d][0]:.1f}x (best {row[n][2] / row[d][2]:.1f}x)")
            else:
                cells.append("-")
        print(f"| {k[0]} | {k[1]} | " + " | ".join(cells) + " |")
    fit(rows)


def fit(rows):
    """Cost per skipped TLV: least-squares slope of time over the field count, observing ONE.

    Observing one column, the default mode walks every TLV of the record, so the slope over
    3/16/32/63 fields is what one more (skipped) TLV costs; the intercept is the per-record cost.
    """
    print()
    print("| method | ns per skipped TLV (slope) | intercept | points (fields: ns) |")
    print("|---|---|---|---|")
    for m in ["skipChainFloor", "y3ObservingRaw", "y3ObservingRawBefore", "y3Projected", "y3ProjectedFirstWins"]:
        pts = [(k[0], rows[k][m][0]) for k in sorted(rows) if k[1] == "ONE" and m in rows[k]]
        if len(pts) < 2:
            continue
        n = len(pts)
        mx = sum(x for x, _ in pts) / n
        my = sum(y for _, y in pts) / n
        slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
        text = ", ".join(f"{x}: {y:,.0f}" for x, y in pts)
        print(f"| {m} | {slope:.2f} ns | {my - slope * mx:,.0f} ns | {text} |")


if __name__ == "__main__":
    main(sys.argv[1])
