package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.transport.AckOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A simulated device: connects to a zipper as a YoMo source and sends one frame every interval (at
 * a fixed rate, so slow sends do not accumulate drift) until it has sent {@code count} frames,
 * {@code duration} has passed or {@link #stop()} is called.
 *
 * <pre>{@code
 * SimulatedSource noise = SimulatedSource.builder("noise-source", 0x33, new NoiseGenerator(1, "localhost"))
 *         .endpoint("localhost", 9000).interval(Duration.ofMillis(100)).count(50).build();
 * long sent = noise.run();
 * }</pre>
 */
public final class SimulatedSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSource.class);

    private final Builder config;
    private final AtomicLong sent = new AtomicLong();
    private volatile Acknowledgements acknowledgements = Acknowledgements.NONE;
    private volatile boolean stopped;
    private volatile Thread runner;

    private SimulatedSource(Builder b) {
        this.config = b;
    }

    public static Builder builder(String name, long tag, PayloadGenerator generator) {
        return new Builder(name, tag, generator);
    }

    /** Connects, sends until done and disconnects; returns the number of frames sent. */
    public long run() throws IOException, InterruptedException {
        runner = Thread.currentThread();
        try (YomoSourceConnection conn =
                YomoSourceConnection.open(
                        config.host,
                        config.port,
                        config.name,
                        config.credential,
                        config.connectTimeout,
                        config.stallTimeout,
                        config.linger,
                        config.acks,
                        config.idleTimeout)) {
            LOG.info(
                    "{}: connected to {}:{} as source {}; tag {} every {} ms{}{}",
                    config.name,
                    config.host,
                    config.port,
                    conn.sourceId(),
                    Tag.format(config.tag),
                    config.interval.toMillis(),
                    config.count == Long.MAX_VALUE ? "" : ", " + config.count + " frames",
                    config.duration == null ? "" : ", for " + config.duration.toSeconds() + " s");
            long intervalNanos = config.interval.toNanos();
            long start = System.nanoTime();
            long end = config.duration == null ? Long.MAX_VALUE : start + config.duration.toNanos();
            long first = firstSeq(conn);
            for (long seq = first; seq < config.count && !stopped; seq++) {
                long due = start + (seq - first) * intervalNanos;
                if (due - end >= 0) {
                    break;
                }
                waitUntil(due);
                if (stopped) {
                    break;
                }
                conn.write(config.tag, config.generator.payload(seq, config.clock.getAsLong()));
                sent.incrementAndGet();
            }
            if (config.acks != null) {
                acknowledgements = awaitAcknowledgements(conn);
            }
        } finally {
            runner = null;
        }
        LOG.info("{}: sent {} frames", config.name, sent.get());
        return sent.get();
    }

    /**
     * Where this run starts: 0, or with a journal after the last frame the journal numbered (its
     * unacknowledged frames are resent by the client), as a device that reboots continues its
     * readings; the frame's sequence is then its index + 1.
     */
    private long firstSeq(YomoSourceConnection conn) {
        if (config.acks == null || config.acks.journal() == null) {
            return 0;
        }
        long first = conn.lastSequence();
        if (first > 0) {
            LOG.info(
                    "{}: journal {} holds frames up to sequence {}; continuing after it",
                    config.name,
                    config.acks.journal(),
                    first);
        }
        return first;
    }

    /**
     * Waits up to the durable timeout for the receiver to acknowledge everything sent. The client
     * renumbers from the receiver's position when that is above its own (a producer id the receiver
     * already knows from an earlier run), so this run's frames are the last {@code sent} sequences.
     */
    private Acknowledgements awaitAcknowledgements(YomoSourceConnection conn)
            throws InterruptedException {
        boolean all = config.durableTimeout.isZero() || conn.awaitDurable(config.durableTimeout);
        long last = conn.lastSequence();
        long durable = conn.durableSequence();
        boolean granted = conn.acknowledgementsGranted();
        // not granted: the frames went unnumbered, and none is acknowledged
        long first = Math.max(1, last - sent.get() + 1);
        long acknowledged =
                granted && durable > 0
                        ? Math.max(0, Math.min(Math.min(sent.get(), last), durable - first + 1))
                        : 0;
        Acknowledgements a = new Acknowledgements(granted, first, last, durable, acknowledged);
        LOG.info(
                "{}: {}; sequences {}..{}, durable up to {}{}",
                config.name,
                a.granted() ? "acknowledgements granted" : "acknowledgements NOT granted",
                first,
                last,
                durable,
                all ? "" : " (not all within " + config.durableTimeout.toMillis() + " ms)");
        return a;
    }

    /**
     * What the receiver acknowledged in the last {@link #run()} with acknowledgements: whether it
     * granted them, this run's first and last sequence, the highest durable one and how many of
     * this run's frames are durable.
     */
    public record Acknowledgements(
            boolean granted,
            long firstSequence,
            long lastSequence,
            long durable,
            long acknowledged) {
        static final Acknowledgements NONE = new Acknowledgements(false, 0, 0, 0, 0);
    }

    /** The acknowledgements of the last run ({@link Acknowledgements#NONE} without them). */
    public Acknowledgements acknowledgements() {
        return acknowledgements;
    }

    /** Ends {@link #run()} after the frame in flight, from any thread. */
    public void stop() {
        stopped = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public long sent() {
        return sent.get();
    }

    public String name() {
        return config.name;
    }

    private void waitUntil(long dueNanos) throws InterruptedException {
        long left;
        while (!stopped && (left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Settings of a {@link SimulatedSource}; defaults: localhost:9000, 100 ms, unbounded. */
    public static final class Builder {
        private final String name;
        private final long tag;
        private final PayloadGenerator generator;
        private String host = "localhost";
        private int port = 9000;
        private String credential;
        private Duration interval = Duration.ofMillis(100);
        private long count = Long.MAX_VALUE;
        private Duration duration;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration stallTimeout = Duration.ofSeconds(10);
        private Duration linger = Duration.ofMillis(500);
        private LongSupplier clock = System::currentTimeMillis;
        private AckOptions acks;
        private Duration durableTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout;

        private Builder(String name, long tag, PayloadGenerator generator) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("source name must not be blank");
            }
            Tag.checkUsable(tag, "tag");
            this.name = name;
            this.tag = tag;
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        public Builder endpoint(String host, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** {@code name:payload}, e.g. {@code token:secret} for a zipper with token auth. */
        public Builder credential(String credential) {
            this.credential = credential;
            return this;
        }

        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Stop after this many frames. */
        public Builder count(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, got " + count);
            }
            this.count = count;
            return this;
        }

        /** Stop after this long (null: no limit). */
        public Builder duration(Duration duration) {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be positive, got " + duration);
            }
            this.duration = duration;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long a send may wait for flow control or a reconnect before the run fails. */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * How long to wait at most for the zipper to confirm the last frames when closing (default
         * 500 ms).
         */
        public Builder linger(Duration linger) {
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must be >= 0, got " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * Asks for acknowledgements under this producer id (null: a stock source). The frames are
         * then kept until durable at the receiver and resent after reconnects; with {@link
         * AckOptions#withRequired required} a receiver that does not grant them fails the run. With
         * {@link AckOptions#withJournal a journal} a run continues after the last frame the journal
         * numbered: {@link #count} is then the total across runs.
         */
        public Builder acknowledgements(AckOptions acks) {
            this.acks = acks;
            return this;
        }

        /**
         * With acknowledgements: how long the run waits after its last frame for the receiver to
         * make all frames durable (default 30 s; zero: do not wait).
         */
        public Builder durableTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("durable timeout must be >= 0, got " + timeout);
            }
            this.durableTimeout = timeout;
            return this;
        }

        /**
         * The QUIC idle timeout after which a silent receiver counts as gone and is redialled (a
         * killed process sends no close); null (default) for YoMo's 40 s.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("idle timeout must be positive, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** Source of the epoch-millisecond times handed to the generator. */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SimulatedSource build() {
            return new SimulatedSource(this);
        }
    }
}
