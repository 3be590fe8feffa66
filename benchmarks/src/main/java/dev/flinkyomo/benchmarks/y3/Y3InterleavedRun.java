package dev.flinkyomo.benchmarks.y3;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Same-JVM, interleaved companion of {@link Y3DecodeBenchmark} for a shared machine: the variants
 * of one configuration run in turn in short slices (round robin, many rounds), so a burst of load
 * from other processes hits all of them alike. Reports per variant the median and the best slice
 * (ns per record) and the median of the per-round ratios to the JSON parser decoder.
 *
 * <p>Not a replacement for JMH (one JVM, shared JIT profiles across variants). Run: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.y3.Y3InterleavedRun 63 ONE}.
 */
public final class Y3InterleavedRun {

    private static final int RECORDS = 16;
    private static volatile long sink;

    private interface Op {
        long run(int record) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int fields = Integer.parseInt(args[0]);
        NoiseLikeRecords.Observed observed = NoiseLikeRecords.Observed.valueOf(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        byte[][] y3 = new byte[RECORDS][];
        byte[][] json = new byte[RECORDS][];
        int[] start = new int[RECORDS];
        Decoders d = new Decoders(fields, observed);
        for (int r = 0; r < RECORDS; r++) {
            y3[r] = NoiseLikeRecords.y3(r, fields);
            json[r] = NoiseLikeRecords.json(r, fields);
            d.verifyAgreement(r, y3[r], json[r]);
            dev.flinkyomo.y3.Y3Cursor c = new dev.flinkyomo.y3.Y3Cursor(y3[r]);
            c.next();
            start[r] = c.valueIndex();
        }
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("flinkJsonParser", r -> d.jsonParser.deserialize(json[r]).getArity());
        ops.put("flinkJsonTree", r -> d.jsonTree.deserialize(json[r]).getArity());
        ops.put("y3Projected", r -> d.y3Projected.deserialize(y3[r]).getArity());
        ops.put("y3ProjectedFirstWins", r -> d.y3ProjectedFirstWins.deserialize(y3[r]).getArity());
        ops.put("y3ObservingRaw", r -> d.raw.read(y3[r]));
        ops.put("y3ObservingRawBefore", r -> d.rawBefore.read(y3[r]));
        ops.put("y3ObservingRawFirstWins", r -> d.rawFirstWins.read(y3[r]));
        ops.put(
                "skipChainFloor",
                r -> {
                    byte[] buf = y3[r];
                    int pos = start[r];
                    while (pos < buf.length) {
                        pos += 2 + buf[pos + 1];
                    }
                    return pos;
                });
        List<String> names = new ArrayList<>(ops.keySet());
        double[][] ns = new double[names.size()][rounds];
        for (int round = -10; round < rounds; round++) { // 10 warm-up rounds
            for (int v = 0; v < names.size(); v++) {
                double t = slice(ops.get(names.get(v)), 20_000_000L);
                if (round >= 0) {
                    ns[v][round] = t;
                }
            }
        }
        System.out.printf(
                "# fields=%d observed=%s rounds=%d clock=%s%n",
                fields, observed, rounds, CPU_CLOCK ? "thread CPU time" : "wall");
        for (int v = 0; v < names.size(); v++) {
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = ns[0][i] / ns[v][i];
            }
            double[] sorted = ns[v].clone();
            Arrays.sort(sorted);
            Arrays.sort(ratio);
            System.out.printf(
                    "%s\t%d\t%s\tmedian %.1f ns\tbest %.1f ns\tp25-p75 %.1f-%.1f ns\tparser/x median %.2f (p25-p75 %.2f-%.2f)%n",
                    names.get(v),
                    fields,
                    observed,
                    sorted[rounds / 2],
                    sorted[0],
                    sorted[rounds / 4],
                    sorted[3 * rounds / 4],
                    ratio[rounds / 2],
                    ratio[rounds / 4],
                    ratio[3 * rounds / 4]);
        }
    }

    /**
     * {@code -Dy3.clock=cpu}: time slices by this thread's CPU time instead of the wall clock, so
     * the time the thread spends descheduled (other processes on a loaded machine) is not counted.
     * What a busy neighbour still changes (caches, clock frequency) stays in.
     */
    private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("y3.clock"));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Runs {@code op} for about {@code nanos}; returns ns per record. */
    private static double slice(Op op, long nanos) throws Exception {
        long acc = 0;
        long n = 0;
        long t0 = now();
        long t;
        do {
            for (int i = 0; i < 256; i++) {
                acc += op.run(i & (RECORDS - 1));
            }
            n += 256;
            t = now();
        } while (t - t0 < nanos);
        sink += acc;
        return (double) (t - t0) / n;
    }
}
