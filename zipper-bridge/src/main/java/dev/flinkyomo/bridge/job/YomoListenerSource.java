package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;

import java.util.Optional;

/**
 * The zipper's listener: a {@link YomoSource} on the configured host and port with the
 * configuration's token auth. It accepts YoMo stream functions, and, when the job checkpoints,
 * grants devices the acknowledgement extension (yomo-java/ACKS.md). It runs with parallelism 1
 * because YoMo sources dial one address (the connector would bind port + i for subtask i); stages
 * spread out from there.
 */
public final class YomoListenerSource implements RecordSource {

    /** The listener's name in logs and in the connector's listener registry. */
    public static String listenerName(ZipperConfig config) {
        return "zipper-bridge-" + config.name();
    }

    @Override
    public Optional<String> functionListener(ZipperConfig config) {
        return Optional.of(listenerName(config));
    }

    @Override
    public DataStream<YomoRecord> create(StreamExecutionEnvironment env, ZipperConfig config) {
        return env.fromSource(
                        listener(config).build(),
                        WatermarkStrategy.noWatermarks(),
                        "YoMo listener " + config.listenAddress())
                .uid("yomo-listener")
                .setParallelism(1);
    }

    /** The listener's frames on the bus, an upstream zipper's marked so the mesh skips them. */
    @Override
    public DataStream<BusRecord> bus(StreamExecutionEnvironment env, ZipperConfig config) {
        return env.fromSource(
                        listener(config)
                                .setDeserializer(new ZipperBusDeserializer(config.workflowOrder()))
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "YoMo listener " + config.listenAddress())
                .uid("yomo-listener")
                .setParallelism(1)
                // the bus's own operator, kept so the job graph and its uids stay as they were
                .map(b -> b)
                .returns(BridgeJobBuilder.BUS_TYPE)
                .name("Bus")
                .uid("bus");
    }

    private static YomoListenerSourceBuilder<YomoRecord> listener(ZipperConfig config) {
        YomoListenerSourceBuilder<YomoRecord> builder =
                YomoSource.listener()
                        .setListenerName(listenerName(config))
                        .setHost(config.host())
                        .setPort(config.port())
                        // a zipper: YoMo's stream functions may connect, as to yomo serve
                        .setAcceptStreamFunctions(true)
                        // a v1.0-v1.6 file lists its functions: they keep their places
                        .setWorkflowFunctions(config.workflowOrder())
                        // with checkpoints, devices that ask for acknowledgements get them (at
                        // checkpoint completion) and each of their frames counts once
                        .setAcknowledgements(
                                config.flink().checkpointInterval().isPresent()
                                        ? AcknowledgementMode.ON_CHECKPOINT
                                        : AcknowledgementMode.NONE);
        config.auth().ifPresent(auth -> builder.setAuthToken(auth.token()));
        return builder;
    }
}
