package dev.flinkyomo.wasm.datastream;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.config.UnobservedTagPolicy;
import dev.flinkyomo.wasm.config.WasmOptions;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.HostOptions;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleLimits;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.HttpAllowList;
import dev.flinkyomo.wasm.yomo.YomoOutputSink;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Routing;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a YoMo Wasm stream function on a stream of {@link YomoRecord}s, one instance per subtask.
 *
 * <p>Each record whose tag the function observes is handed to {@code yomo_handler}; every {@code
 * yomo_write} becomes an output record with the written tag and the input's metadata carried
 * forward ({@link YomoRecord#derive}), as YoMo's {@code ctx.Write}. A write with target sets {@link
 * MetadataKeys#TARGET}; a plain write removes it. Records carrying a target other than the
 * function's wanted target count as unobserved, as in YoMo's zipper routing.
 *
 * <p>A trap, timeout or memory-cap breach sends the input to {@link #DEAD_LETTERS} with the error
 * and the module name, rebuilds the instance and keeps the job running. A module that fails to
 * load, or whose {@code yomo_init} returns non-zero, fails the task in {@link #open}.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<YomoRecord> out = records.process(
 *     WasmStreamFunctionProcessor.builder(WasmModuleSource.fromPath(Path.of("sfn.wasm")))
 *         .callTimeout(Duration.ofMillis(200))
 *         .build());
 * DataStream<WasmDeadLetter> failed = out.getSideOutput(WasmStreamFunctionProcessor.DEAD_LETTERS);
 * }</pre>
 */
@PublicEvolving
public class WasmStreamFunctionProcessor extends ProcessFunction<YomoRecord, YomoRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WasmStreamFunctionProcessor.class);

    /** Every how many calls one is timed for the latency histogram (a power of two). */
    static final int LATENCY_SAMPLE_EVERY = 16;

    /** Side output of inputs the function trapped or timed out on. */
    public static final OutputTag<WasmDeadLetter> DEAD_LETTERS =
            new OutputTag<>("wasm-dead-letters", TypeInformation.of(WasmDeadLetter.class));

    static final long TRAP_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final WasmModuleSource source;
    private final WasmRuntimeConfig runtimeConfig;
    private final UnobservedTagPolicy unobservedPolicy;
    private final Set<String> httpAllowed; // host:port, or bare hosts (deprecated: every port)

    private transient YomoStreamFunction function;
    private transient WasmOperatorMetrics metrics;
    private transient DerivingEmitter emitter;

    /** A device sending input that traps the guest would otherwise get one WARN per record. */
    private transient LogThrottle trapLog;

    private WasmStreamFunctionProcessor(Builder b) {
        this.source = b.source;
        this.runtimeConfig = b.runtime.build();
        this.unobservedPolicy = b.unobservedPolicy;
        this.httpAllowed = Set.copyOf(b.httpAllowed);
    }

    public static Builder builder(WasmModuleSource source) {
        return new Builder(source);
    }

    @Override
    public void open(OpenContext openContext) {
        trapLog = new LogThrottle(TRAP_LOG_INTERVAL_NANOS);
        function = new YomoStreamFunction(source, runtimeConfig, httpAllowed);
        function.open();
        metrics = new WasmOperatorMetrics(getRuntimeContext().getMetricGroup(), source.name());
        emitter = new DerivingEmitter();
        LOG.info(
                "Wasm stream function {} (ABI {}) observes tags {}{} with {}",
                source,
                function.abi(),
                hexTags(function.observedTags()),
                function.wantedTarget() == null ? "" : ", wanted target " + function.wantedTarget(),
                runtimeConfig);
    }

    @Override
    public void processElement(YomoRecord record, Context ctx, Collector<YomoRecord> out) {
        if (!accepts(record)) {
            metrics.unobserved.inc();
            if (unobservedPolicy == UnobservedTagPolicy.PASS_THROUGH) {
                out.collect(record);
            }
            return;
        }
        metrics.calls.inc();
        long rebuildsBefore = function.rebuilds();
        // A clock read costs about 18 ns here, and the histogram update takes a lock: timing every
        // call cost more than a small guest's whole call, so one call in LATENCY_SAMPLE_EVERY is
        // timed.
        boolean timed = (metrics.calls.getCount() & (LATENCY_SAMPLE_EVERY - 1)) == 0;
        long start = timed ? System.nanoTime() : 0;
        int outputs;
        emitter.input = record;
        emitter.out = out;
        try {
            outputs = function.process(record.getTag(), record.getPayload(), emitter);
        } catch (WasmTrapException e) {
            if (e.kind() == WasmTrapException.Kind.INTERRUPTED) {
                throw e; // task cancellation, not the guest's fault
            }
            countFailure(e.kind());
            metrics.rebuilds.inc(function.rebuilds() - rebuildsBefore);
            metrics.deadLetters.inc();
            long unlogged = trapLog.admit();
            if (unlogged >= 0) {
                LOG.warn(
                        "Wasm module {} failed on record {} ({} more failed records since the last"
                                + " such line): {}",
                        source.name(),
                        record,
                        unlogged,
                        LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS));
            }
            ctx.output(
                    DEAD_LETTERS,
                    new WasmDeadLetter(
                            record,
                            source.name(),
                            e.kind().name(),
                            e.getMessage(),
                            System.currentTimeMillis()));
            return;
        } finally {
            if (timed) {
                metrics.latencyMicros.update((System.nanoTime() - start) / 1000);
            }
        }
        metrics.outputs.inc(outputs);
    }

    private boolean accepts(YomoRecord record) {
        return function.observes(record.getTag())
                && Routing.targetMatches(
                        record.metadataValue(MetadataKeys.TARGET), function.wantedTarget());
    }

    /**
     * Turns each write into a record derived from the input (YoMo's {@code ctx.Write}): metadata
     * carried forward, {@code yomo-target} set by a targeted write and cleared by a plain one.
     * Reused across records, so a write costs its record and nothing else.
     */
    private static final class DerivingEmitter implements YomoOutputSink {
        YomoRecord input;
        Collector<YomoRecord> out;

        @Override
        public void accept(long tag, byte[] data, String target) {
            out.collect(input.derive(tag, data, target));
        }
    }

    private void countFailure(WasmTrapException.Kind kind) {
        switch (kind) {
            case TIMEOUT:
                metrics.timeouts.inc();
                break;
            case MEMORY_LIMIT:
                metrics.memoryLimitHits.inc();
                break;
            default:
                metrics.traps.inc();
        }
    }

    private static String hexTags(Set<Long> tags) {
        StringBuilder sb = new StringBuilder("[");
        for (Long t : tags) {
            sb.append(sb.length() > 1 ? ", " : "").append(Tag.format(t));
        }
        return sb.append(']').toString();
    }

    @Override
    public void close() {
        if (function != null) {
            function.close();
        }
    }

    /** Builder; defaults come from {@link WasmOptions}. */
    public static final class Builder {
        private final WasmModuleSource source;
        private WasmRuntimeConfig.Builder runtime = WasmRuntimeConfig.builder();
        private UnobservedTagPolicy unobservedPolicy = WasmOptions.UNOBSERVED_TAGS.defaultValue();
        private Set<String> httpAllowed = Set.of();

        private Builder(WasmModuleSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** Reads every {@code wasm.*} option of {@link WasmOptions} from a configuration. */
        public Builder configure(ReadableConfig config) {
            runtime = WasmOptions.runtimeConfig(config).toBuilder();
            unobservedPolicy = config.get(WasmOptions.UNOBSERVED_TAGS);
            httpAllowed = Set.copyOf(WasmOptions.httpAllowList(config));
            return this;
        }

        public Builder engine(WasmEngineType engine) {
            runtime.engine(engine);
            return this;
        }

        public Builder chicoryMode(ChicoryMode mode) {
            runtime.chicoryMode(mode);
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            runtime.callTimeout(timeout);
            return this;
        }

        public Builder maxMemoryPages(int pages) {
            runtime.maxMemoryPages(pages);
            return this;
        }

        public Builder guestLogBytesPerMinute(int bytes) {
            runtime.guestLogBytesPerMinute(bytes);
            return this;
        }

        public Builder unobservedTags(UnobservedTagPolicy policy) {
            this.unobservedPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** {@code host:port} pairs {@code yomo_http_send} may reach; replaces earlier ones. */
        public Builder httpAllowedEndpoints(Set<String> endpoints) {
            HttpAllowList.requirePorts(WasmOptions.HTTP_ALLOWED_ENDPOINTS.key(), endpoints);
            this.httpAllowed = Set.copyOf(endpoints);
            return this;
        }

        /**
         * Hosts {@code yomo_http_send} may reach on every port; replaces earlier entries.
         *
         * @deprecated use {@link #httpAllowedEndpoints(Set)}, which names the port too
         */
        @Deprecated
        public Builder httpAllowedHosts(Set<String> hosts) {
            this.httpAllowed = Set.copyOf(hosts);
            return this;
        }

        /**
         * Options and shipped files of host import providers, e.g. WASI-NN's models ({@code
         * WasiNnConfig} in flink-wasm-nn); replaces what {@link #configure} read for them.
         */
        public Builder hostOptions(HostOptions options) {
            runtime.hostOptions(options);
            return this;
        }

        public Builder maxModuleBytes(int bytes) {
            runtime.maxModuleBytes(bytes);
            return this;
        }

        public Builder compileTimeout(Duration timeout) {
            runtime.compileTimeout(timeout);
            return this;
        }

        /**
         * @throws WasmLoadException here, in the client, for a module over the size limit, rather
         *     than on every task manager
         */
        public WasmStreamFunctionProcessor build() {
            WasmModuleLimits.checkSize(source, runtime.build());
            return new WasmStreamFunctionProcessor(this);
        }
    }
}
