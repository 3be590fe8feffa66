#!/usr/bin/env python3
"""Reads async-profiler's collapsed stacks (one thread's share at a time) for BENCHMARKS.md.

This VM has no hardware performance counters (perf reports cycles as <not supported>), so JMH's
perfasm does not work and JFR loses the stacks of Chicory's generated guest classes; async-profiler
with the itimer event sees both, and native frames (quiche, BoringSSL) too. It is on Maven Central
with its native libraries inside the jar (tools.profiler:async-profiler):

  mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1
  unzip -o ~/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar \\
      linux-x64/libasyncProfiler.so -d /tmp/ap
  java -agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=itimer,interval=1ms,threads,file=/tmp/p.collapsed,collapsed \\
      -cp benchmarks/target/benchmarks.jar <benchmark main class>

Then, with THREAD a substring of the thread name (the `threads` option puts it first in each stack):

  collapsed.py threads FILE                  samples per thread
  collapsed.py top FILE THREAD [N]           self and inclusive shares of the thread's samples
  collapsed.py children FILE THREAD FRAME    inclusive shares of FRAME's direct callees
  collapsed.py callers FILE THREAD FRAME     who calls the leaf frame FRAME (two frames up)

Shares are of all the thread's samples; multiply by the thread's time per record (1 / its rate)
for nanoseconds per record.
"""
import collections
import sys


def stacks(path, thread=None):
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            if thread is None or thread in frames[0]:
                yield frames, int(count)


def short(frame):
    return frame.split("/")[-1]


def threads(path):
    per = collections.Counter()
    for frames, n in stacks(path):
        per[frames[0]] += n
    for name, n in per.most_common(20):
        print(f"{n:8d} {name}")


def top(path, thread, limit=30):
    own, inclusive, total = collections.Counter(), collections.Counter(), 0
    for frames, n in stacks(path, thread):
        total += n
        own[frames[-1]] += n
        for frame in set(frames[1:]):
            inclusive[frame] += n
    print(f"{total} samples")
    for title, counter in (("self", own), ("inclusive", inclusive)):
        print(f"== {title}")
        for frame, n in counter.most_common(limit):
            print(f"{100 * n / total:5.1f}% {frame}")


def children(path, thread, target):
    below, total, within = collections.Counter(), 0, 0
    for frames, n in stacks(path, thread):
        total += n
        at = next((i for i, f in enumerate(frames) if target in f), None)
        if at is None:
            continue
        within += n
        below[short(frames[at + 1]) if at + 1 < len(frames) else "(self)"] += n
    print(f"{total} samples, {target}: {100 * within / max(total, 1):.1f}%")
    for frame, n in below.most_common(20):
        print(f"{100 * n / total:5.1f}% {frame}")


def callers(path, thread, target):
    up, total = collections.Counter(), 0
    for frames, n in stacks(path, thread):
        if target in frames[-1]:
            total += n
            up[" <- ".join(short(f) for f in reversed(frames[-3:-1]))] += n
    print(f"{total} samples with {target} as the leaf")
    for chain, n in up.most_common(15):
        print(f"{n:8d} {chain}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "threads":
        threads(*args)
    elif command == "top":
        top(args[0], args[1], int(args[2]) if len(args) > 2 else 30)
    elif command == "children":
        children(*args)
    elif command == "callers":
        callers(*args)
    else:
        sys.exit(__doc__)
