package dev.flinkyomo.bridge.job.status;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code run}'s status line shows, read in-process from the embedded cluster's metrics: a
 * {@link RunStatusReporter} registered on the MiniCluster hands every metric of interest to the
 * run's {@code RunStatus}.
 *
 * <ul>
 *   <li>frames in: the listener's {@code yomo.framesIn};
 *   <li>frames out: what the stream functions wrote ({@code stage.<name>.recordsWritten});
 *   <li>dead letters: records a function failed on ({@code recordsFailed}), records a mesh peer did
 *       not take ({@code yomo.recordsDropped}) and records for a connected function that is not
 *       connected ({@code recordsWithoutFunction});
 *   <li>devices connected: the listener's {@code yomo.openConnections}.
 * </ul>
 */
@Internal
public final class RunStatus {

    static final String REPORTER = "zipper-bridge-status";
    static final String RUN_KEY = "run";

    private static final Map<String, RunStatus> RUNS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Map<Counter, Kind> counters = new ConcurrentHashMap<>();
    private final Set<Gauge<?>> connections = ConcurrentHashMap.newKeySet();
    private final Map<Kind, AtomicLong> retired = new ConcurrentHashMap<>();

    enum Kind {
        IN,
        OUT,
        DEAD
    }

    /** Totals at one moment. */
    public record Snapshot(long framesIn, long framesOut, long deadLetters, long devices) {
        /** {@code frames in 7, frames out 7, dead letters 0, devices connected 1}. */
        public String line() {
            return "frames in "
                    + framesIn
                    + ", frames out "
                    + framesOut
                    + ", dead letters "
                    + deadLetters
                    + ", devices connected "
                    + devices;
        }
    }

    private RunStatus() {}

    /** A new run's status, with the reporter added to {@code clusterConfig}. */
    public static RunStatus register(Configuration clusterConfig) {
        RunStatus status = new RunStatus();
        RUNS.put(status.id, status);
        String prefix = "metrics.reporter." + REPORTER + ".";
        clusterConfig.setString(prefix + "factory.class", RunStatusReporterFactory.class.getName());
        clusterConfig.setString(prefix + RUN_KEY, status.id);
        return status;
    }

    /** Forgets the run (its reporter stops reporting into it). */
    public void unregister() {
        RUNS.remove(id);
    }

    static RunStatus of(String id) {
        return id == null ? null : RUNS.get(id);
    }

    void added(String name, Object metric) {
        if (metric instanceof Counter c) {
            kind(name).ifPresent(k -> counters.put(c, k));
        } else if (metric instanceof Gauge<?> g && name.equals("openConnections")) {
            connections.add(g);
        }
    }

    void removed(Object metric) {
        if (metric instanceof Counter c) {
            Kind k = counters.remove(c);
            if (k != null) {
                // a finished or cancelled task's count still belongs to the totals
                retired.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(c.getCount());
            }
        } else if (metric instanceof Gauge<?> g) {
            connections.remove(g);
        }
    }

    private static Optional<Kind> kind(String name) {
        return switch (name) {
            case "framesIn" -> Optional.of(Kind.IN);
            case "recordsWritten" -> Optional.of(Kind.OUT);
            // not recordsWithoutFunction: a record no connected function observes is dropped by
            // design, as a YoMo zipper drops it, and counting it would count nearly every record
            case "recordsFailed", "recordsDropped" -> Optional.of(Kind.DEAD);
            default -> Optional.empty();
        };
    }

    public Snapshot snapshot() {
        long[] sums = new long[Kind.values().length];
        retired.forEach((k, v) -> sums[k.ordinal()] += v.get());
        counters.forEach((c, k) -> sums[k.ordinal()] += c.getCount());
        long devices = 0;
        for (Gauge<?> g : connections) {
            if (g.getValue() instanceof Number n) {
                devices += n.longValue();
            }
        }
        return new Snapshot(
                sums[Kind.IN.ordinal()],
                sums[Kind.OUT.ordinal()],
                sums[Kind.DEAD.ordinal()],
                devices);
    }

    /** {@code 1 min 05 s}-style duration for the summary. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }
}
