#!/usr/bin/env python3
"""Per-thread CPU of an IngestBenchmark run, split by which receiver was active (Linux /proc).

Sample while the benchmark runs, then print each phase's CPU per thread group:

  java -Dingest.payloads=32 -Dingest.clients=4 -Dingest.rounds=2 \\
      -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.connector.IngestBenchmark &
  python3 benchmarks/scripts/thread_cpu.py sample $! cpu.log
  python3 benchmarks/scripts/thread_cpu.py split cpu.log

Threads are grouped by name with digits masked. A 0.5 s interval is a "raw" phase when only the
raw server's event loop (multiThreadIoEventLoopGroup) ran, "flink" when only the YoMo listener's
did. Also reports UDP receive-buffer drops (/proc/net/snmp RcvbufErrors) per phase.
"""
import collections
import os
import re
import sys
import time

RAW, LISTENER = 'multiThreadIoEv', 'yomo-listener-i'


def udp_rcvbuf_errors():
    lines = open('/proc/net/snmp').read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith('Udp:') and 'RcvbufErrors' in line:
            return int(lines[i + 1].split()[line.split().index('RcvbufErrors')])
    return 0


def sample(pid, path):
    with open(path, 'w') as out:
        while os.path.exists(f'/proc/{pid}'):
            ticks = collections.Counter()
            try:
                for tid in os.listdir(f'/proc/{pid}/task'):
                    try:
                        name = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                        stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                        fields = stat[stat.rindex(')') + 2:].split()
                        ticks[re.sub(r'\d+', 'N', name).replace(' ', '_')] += int(fields[11]) + int(fields[12])
                    except OSError:
                        pass
            except OSError:
                break
            ticks['RCVBUF_ERRORS'] = udp_rcvbuf_errors()
            out.write(f"{time.time():.2f} " + " ".join(f"{k}={v}" for k, v in ticks.items()) + "\n")
            out.flush()
            time.sleep(0.5)


def split(path):
    rows = []
    for line in open(path):
        parts = line.split()
        rows.append((float(parts[0]), {k: int(v) for k, v in (p.rsplit('=', 1) for p in parts[1:])}))
    hz = os.sysconf('SC_CLK_TCK')
    totals, intervals, seconds = collections.defaultdict(collections.Counter), collections.Counter(), collections.Counter()
    for (t0, a), (t1, b) in zip(rows, rows[1:]):
        delta = {k: b.get(k, 0) - a.get(k, 0) for k in b}
        raw, listener = delta.get(RAW, 0), delta.get(LISTENER, 0)
        phase = 'raw' if raw > 10 and listener == 0 else 'flink' if listener > 10 and raw == 0 else 'other'
        intervals[phase] += 1
        seconds[phase] += t1 - t0
        for k, v in delta.items():
            totals[phase][k] += v
    for phase in ('raw', 'flink'):
        if not intervals[phase]:
            continue
        drops = totals[phase].pop('RCVBUF_ERRORS', 0)
        cpu = {k: 100.0 * v / hz / seconds[phase] for k, v in totals[phase].items()}
        print(f"{phase}: {intervals[phase]} intervals, machine total {sum(cpu.values()):.0f}% of a CPU, "
              f"UDP receive-buffer drops {drops}")
        for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])[:8]:
            print(f"  {k:24s} {v:6.1f}% of a CPU")


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'sample':
        sample(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == 'split':
        split(sys.argv[2])
    else:
        sys.exit(__doc__)
