package dev.flinkyomo.examples.common;

import dev.flinkyomo.bridge.config.AuthConfig;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.job.RecordSource;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.YomoSourceBuilder;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The zipper's listener of a workflow as the bridge's record source: a {@link YomoSource} on the
 * configured host and port with the configured token auth, at parallelism 1 like a zipper's single
 * listening address; the functions after it run at the workflow's parallelism.
 */
public final class ZipperListenerSource implements RecordSource {

    private final String listenerName;

    /** {@code listenerName} is what {@link DeviceLauncher} looks the bound address up by. */
    public ZipperListenerSource(String listenerName) {
        this.listenerName = listenerName;
    }

    @Override
    public DataStream<YomoRecord> create(StreamExecutionEnvironment env, ZipperConfig config) {
        YomoSourceBuilder<YomoRecord> builder = YomoSource.builder()
                .setListenerName(listenerName).setHost(config.host()).setPort(config.port());
        config.auth().map(AuthConfig::token).ifPresent(builder::setAuthToken);
        return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "YoMo zipper " + config.listenAddress())
                .uid("yomo-zipper-source")
                .setParallelism(1); // devices dial one address; subtask i would listen on port + i
    }
}
