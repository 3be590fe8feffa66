#!/usr/bin/env python3
"""Markdown table of the Y3 decode benchmark from a JMH JSON result file.

Usage: java -jar benchmarks/target/benchmarks.jar 'Y3.*' -prof gc -f 1 -wi 3 -i 5 -rf json -rff y3.json
       python3 benchmarks/scripts/y3_table.py y3.json
Ratios are flink-json time / Y3 time from the same run (higher = Y3 faster).
"""
import json
import sys
from collections import defaultdict

METHODS = ["y3Projected", "y3FullThenProject", "y3ObservingRaw", "flinkJsonTree", "flinkJsonParser"]
OBSERVED = ["ONE", "QUARTER", "ALL"]


def main(path):
    rows = defaultdict(dict)
    for r in json.load(open(path)):
        method = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        key = (int(p["fields"]), p["observed"])
        score = r["primaryMetric"]["score"]
        err = r["primaryMetric"]["scoreError"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[key][method] = (score, err, alloc)

    print("| fields | observed | " + " | ".join(f"{m} ns/op (B/op)" for m in METHODS)
          + " | tree / (a) | parser / (a) | tree / (b) | parser / (b) |")
    print("|---|---|" + "---|" * (len(METHODS) + 4))
    for fields in sorted({k[0] for k in rows}):
        for obs in OBSERVED:
            row = rows.get((fields, obs))
            if not row:
                continue
            cells = []
            for m in METHODS:
                if m in row:
                    s, e, a = row[m]
                    cells.append(f"{s:,.0f} ± {e:,.0f} ({a:,.0f})" if a is not None else f"{s:,.0f} ± {e:,.0f}")
                else:
                    cells.append("-")

            def ratio(num, den):
                if num in row and den in row:
                    return f"{row[num][0] / row[den][0]:.1f}x"
                return "-"

            print(f"| {fields} | {obs} | " + " | ".join(cells) + " | "
                  + " | ".join([ratio("flinkJsonTree", "y3Projected"), ratio("flinkJsonParser", "y3Projected"),
                                ratio("flinkJsonTree", "y3FullThenProject"),
                                ratio("flinkJsonParser", "y3FullThenProject")]) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
