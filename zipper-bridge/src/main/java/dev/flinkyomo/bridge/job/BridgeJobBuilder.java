package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ExtraSink;
import dev.flinkyomo.bridge.config.FlinkSettings;
import dev.flinkyomo.bridge.job.sink.file.DirectLineFileSink;
import dev.flinkyomo.bridge.job.sink.file.LineFileSink;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.Stage;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.ConnectedFunctionsSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the Flink job of a {@link RoutingPlan}:
 *
 * <pre>
 * Source: YoMo listener -> Bus -> Stage 1 -> ... -> Stage n -+-> mesh peers (every record)
 *                                                           +-> print / file (function outputs or named tags)
 *                                                           +-> connected stream functions (observed tags)
 * </pre>
 *
 * <p>Stages are chained operators on one stream of {@link BusRecord}s (see {@link StageFunction}),
 * so with equal parallelism the whole routing runs in one task without network shuffles.
 */
public final class BridgeJobBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeJobBuilder.class);

    static final TypeInformation<BusRecord> BUS_TYPE = TypeInformation.of(BusRecord.class);

    private final RoutingPlan plan;
    private final List<String> stageNames;

    public BridgeJobBuilder(RoutingPlan plan) {
        this.plan = plan;
        this.stageNames = plan.namesByPlace();
    }

    /** The whole job: source, stages, sinks; parallelism and checkpointing from the plan. */
    public void build(StreamExecutionEnvironment env, RecordSource source, MeshSinkFactory mesh) {
        configure(env);
        DataStream<BusRecord> bus = routeBus(source.bus(env, plan.config()));
        attachOutputs(bus, mesh);
        source.functionListener(plan.config())
                .ifPresent(name -> attachConnectedFunctions(bus, name));
    }

    /**
     * Every record, from sources and in-job functions alike, to the stream functions connected to
     * the listener that observe its tag. Parallelism 1 in the source's slot-sharing group: the
     * connections live in the listener's subtask, so the sink must run beside it.
     */
    void attachConnectedFunctions(DataStream<BusRecord> bus, String listenerName) {
        for (var f : plan.awaited()) {
            LOG.info(
                    "function '{}' is not in the job: awaiting it as a YoMo stream function"
                            + " connecting to {}{}",
                    f.name(),
                    plan.config().listenAddress(),
                    plan.placeOf(f).isPresent()
                            ? ", at place " + plan.placeOf(f).getAsInt() + " of the workflow"
                            : "");
        }
        bus.sinkTo(ConnectedFunctionsSink.of(listenerName, new BusRecordPositions()))
                .name("Connected functions")
                .uid("connected-functions")
                .setParallelism(1);
    }

    /** A bus record's place in the workflow's order is its origin. */
    private static final class BusRecordPositions
            implements ConnectedFunctionsSink.WriterPosition<BusRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public YomoRecord record(BusRecord element) {
            return element.getRecord();
        }

        @Override
        public int writer(BusRecord element) {
            return element.getOrigin();
        }
    }

    public void configure(StreamExecutionEnvironment env) {
        FlinkSettings f = plan.config().flink();
        env.setParallelism(f.parallelism());
        f.checkpointInterval().ifPresent(d -> env.enableCheckpointing(d.toMillis()));
    }

    /** The stages over the sources' records; the result carries every record with its origin. */
    public DataStream<BusRecord> route(DataStream<YomoRecord> sourceRecords) {
        return routeBus(
                sourceRecords
                        .map(r -> new BusRecord(r, 0))
                        .returns(BUS_TYPE)
                        .name("Bus")
                        .uid("bus"));
    }

    /** The stages over records already on the bus. */
    public DataStream<BusRecord> routeBus(DataStream<BusRecord> bus) {
        for (Stage stage : plan.stages()) {
            StageSpec spec = StageSpec.of(stage);
            bus =
                    bus.process(new StageFunction(spec))
                            .returns(BUS_TYPE)
                            .name(spec.operatorName())
                            .uid("stage-" + stage.number() + "-" + stage.name());
        }
        return bus;
    }

    /**
     * Mesh peers take every record but what another zipper forwarded here ({@link MeshRecords});
     * print and file sinks take what they select.
     *
     * <p>Every operator has a uid (the source's is {@code yomo-listener}, stages' {@code
     * stage-<n>-<name>}): they name the operators' state in checkpoints and savepoints, so they
     * must not change between bridge versions ({@code BridgeJobUidsTest} pins them).
     */
    public void attachOutputs(DataStream<BusRecord> bus, MeshSinkFactory mesh) {
        plan.meshTargets()
                .forEach(
                        peer ->
                                mesh.attach(
                                        bus.flatMap(new MeshRecords())
                                                .returns(YomoRecord.class)
                                                .name("Mesh: " + peer.name())
                                                .uid("mesh-records-" + peer.name()),
                                        peer));
        List<ExtraSink> sinks = plan.sinks();
        for (int i = 0; i < sinks.size(); i++) {
            ExtraSink sink = sinks.get(i);
            String label = sink.kind().spelling() + sink.path().map(p -> " " + p).orElse("");
            DataStream<String> lines =
                    bus.filter(new SinkSelector(sink))
                            .name("Select: " + label)
                            .uid("sink-" + i + "-select")
                            .map(new RecordLineMapper(stageNames))
                            .name("Format: " + label)
                            .uid("sink-" + i + "-format");
            if (sink.kind() == ExtraSink.Kind.PRINT) {
                lines.print().name("Print").uid("sink-" + i + "-print");
            } else {
                lines.sinkTo(fileSink(sink.path().orElseThrow(), bus))
                        .name("File: " + sink.path().get())
                        .uid("sink-" + i + "-file");
            }
        }
    }

    /**
     * With checkpoints, the exactly-once {@link LineFileSink}: lines appear when their checkpoint
     * completes. Without, its commits would wait for the end of the job, which an unbounded bridge
     * never reaches, so lines go straight to the file ({@link DirectLineFileSink}, at-least-once).
     */
    private static Sink<String> fileSink(Path path, DataStream<BusRecord> bus) {
        return bus.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()
                ? new LineFileSink(path)
                : new DirectLineFileSink(path);
    }
}
