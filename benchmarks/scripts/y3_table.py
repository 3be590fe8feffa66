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

METHODS = ["y3Projected", "y3FullThenProject", "y3ObservingRaw", "flinkJsonTree", "flinkJsonParser"]
OBSERVED = ["ONE", "QUARTER", "ALL"]
RATIOS = [("flinkJsonTree", "y3Projected"), ("flinkJsonParser", "y3Projected"),
          ("flinkJsonTree", "y3FullThenProject"), ("flinkJsonParser", "y3FullThenProject")]
SHORT = {"flinkJsonTree": "tree", "flinkJsonParser": "parser", "y3Projected": "(a)", "y3FullThenProject": "(b)"}


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
                cells.append(f"{s:,.0f} ± {e:,.0f} ns, {a:,.0f} B")
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


if __name__ == "__main__":
    main(sys.argv[1])
