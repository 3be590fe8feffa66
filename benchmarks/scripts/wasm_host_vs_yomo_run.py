#!/usr/bin/env python3
"""The same Wasm stream function hosted two ways behind the real YoMo zipper (yomo v1.18.10):

  yomo-run  YoMo's own host: `yomo run <guest>.wasm` (wazero), a process beside the zipper
  flink     flink-yomo: `bin/zipper-bridge sfn <guest>.wasm`, a Flink job (embedded MiniCluster)
            with the guest in WasmStreamFunctionProcessor, joined to the zipper as a stream
            function and writing back

Everything else is the same real YoMo: `yomo serve` (log level error, so it does not log every
frame), a real source writing N frames on 0x33 as fast as it can, and a real stream function
counting the guest's outputs. Throughput is outputs per second between the counter's first and
last frame. Each host gets one untimed round (JIT and connection warm-up) and then ROUNDS timed
ones; the table shows medians.

  benchmarks/scripts/wasm_host_vs_yomo_run.py [--guest noise|uppercase] [--frames N] [--rounds R]

Needs interop/real-yomo/bin (interop/real-yomo/build.sh); bin/zipper-bridge builds itself.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("YOMO_REAL_BIN", os.path.join(ROOT, "interop", "real-yomo", "bin"))
GUESTS = os.path.join(ROOT, "flink-wasm-udf", "src", "main", "resources", "dev", "flinkyomo", "wasm", "guests")
TOKEN = "bench-secret"
# payload and number of outputs per input
INPUTS = {
    "noise": ('{"noise":165.5,"time":2000,"from":"b"}', 2),
    "uppercase": ("hello yomo, hello flink 0123456", 1),
}
ENV = dict(os.environ, YOMO_LOG_LEVEL="error")


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peer(*args):
    return [os.path.join(BIN, "real-yomo-peer"), *args]


def run_json(cmd, timeout):
    """Runs a real-yomo-peer command to its end; returns its JSON events."""
    out = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout)
    events = []
    for line in out.stdout.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            pass
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[1]} exited {out.returncode}: {out.stderr[-2000:]}")
    return events


def measured_round(addr, frames, payload, outputs):
    counter = subprocess.Popen(
        peer("sfn", "--zipper", addr, "--credential", "token:" + TOKEN, "--name", "counter",
             "--observe", "0x34,0x35", "--expect", str(frames * outputs), "--timeout", "300s", "--quiet"),
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    connected = json.loads(counter.stdout.readline())
    assert connected["event"] == "connected", connected
    run_json(peer("source", "--zipper", addr, "--credential", "token:" + TOKEN, "--tag", "0x33",
                  "--count", str(frames), "--payload", payload, "--linger", "2s"), timeout=600)
    rest, _ = counter.communicate(timeout=330)
    summary = [json.loads(l) for l in rest.splitlines() if l.startswith("{")][-1]
    if counter.returncode != 0:
        raise RuntimeError(f"counter got {summary['received']} of {frames * outputs} outputs")
    seconds = (summary["lastUnixMicros"] - summary["firstUnixMicros"]) / 1e6
    return summary["received"] / seconds


def wait_until_live(addr, payload):
    """Writes one frame every half second until the counter sees an output: the host is connected."""
    counter = subprocess.Popen(
        peer("sfn", "--zipper", addr, "--credential", "token:" + TOKEN, "--name", "probe",
             "--observe", "0x34,0x35", "--expect", "1", "--timeout", "120s", "--quiet"),
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while counter.poll() is None and time.time() < deadline:
        run_json(peer("source", "--zipper", addr, "--credential", "token:" + TOKEN, "--tag", "0x33",
                      "--count", "1", "--payload", payload, "--linger", "0s"), timeout=60)
        time.sleep(0.5)
    if counter.wait(timeout=5) != 0:
        raise RuntimeError("the host never answered")


def run_host(host, guest, frames, rounds):
    payload, outputs = INPUTS[guest]
    port = free_udp_port()
    addr = f"127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as work:
        config = os.path.join(work, "zipper.yaml")
        with open(config, "w") as f:
            f.write(f"name: bench-zipper\nhost: 127.0.0.1\nport: {port}\nauth:\n  type: token\n  token: {TOKEN}\n")
        zipper = subprocess.Popen([os.path.join(BIN, "yomo"), "serve", "-c", config], env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if host == "yomo-run":
            cmd = [os.path.join(BIN, "yomo"), "run", "-z", addr, "-d", "token:" + TOKEN, "-n", "yomo-" + guest,
                   os.path.join(GUESTS, guest + ".wasm")]
        else:
            cmd = [os.path.join(ROOT, "bin", "zipper-bridge"), "sfn", "-z", addr, "-d", "token:" + TOKEN,
                   "-n", "flink-" + guest, "--rest-port", "0", os.path.join(GUESTS, guest + ".wasm")]
        log = open(os.path.join(work, host + ".log"), "w")
        server = subprocess.Popen(cmd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            time.sleep(1)
            wait_until_live(addr, payload)
            measured_round(addr, max(frames // 5, 1000), payload, outputs)  # warm-up, not counted
            return [measured_round(addr, frames, payload, outputs) for _ in range(rounds)]
        finally:
            for p in (server, zipper):
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--guest", default="noise", choices=sorted(INPUTS))
    ap.add_argument("--frames", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    print(f"guest {a.guest}, {a.frames} frames per round, {a.rounds} rounds; {os.cpu_count()} cpus", flush=True)
    results = {}
    for host in ("yomo-run", "flink"):
        rates = run_host(host, a.guest, a.frames, a.rounds)
        results[host] = statistics.median(rates)
        print(f"{host:9s} outputs/s median {results[host]:12,.0f}   rounds " + ", ".join(f"{r:,.0f}" for r in rates), flush=True)
    print(f"flink / yomo-run: {results['flink'] / results['yomo-run']:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
