package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.sink.YomoSinkBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.YomoStreamFunctionSourceBuilder;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The job of {@code zipper-bridge sfn}, Flink in place of {@code yomo run fn.wasm}: it joins an
 * existing zipper as the stream function {@code name} observing the tags the module declares, runs
 * the module in {@link WasmStreamFunctionProcessor}, and writes what it writes back into the zipper
 * (through a second connection, a source named {@code <name>-out}, carrying each input's metadata
 * forward as {@code ctx.Write} does).
 */
public final class StreamFunctionJobBuilder {

    private final String zipperHost;
    private final int zipperPort;
    private final String name;
    private final String credential;
    private final Path module;
    private final Set<Long> observedTags;

    /**
     * @param credential {@code name:payload} as {@code yomo run -d} takes it, or null
     * @param observedTags what the module observes (see {@link YomoWasmTagReader}); not empty
     */
    public StreamFunctionJobBuilder(
            String zipperHost,
            int zipperPort,
            String name,
            String credential,
            Path module,
            Set<Long> observedTags) {
        this.zipperHost = Objects.requireNonNull(zipperHost);
        this.zipperPort = zipperPort;
        this.name = Objects.requireNonNull(name);
        this.credential = credential;
        this.module = Objects.requireNonNull(module);
        if (observedTags.isEmpty()) {
            throw new IllegalArgumentException(
                    "Wasm module " + module.getFileName() + " observes no data tags");
        }
        this.observedTags = Set.copyOf(observedTags);
    }

    public void build(StreamExecutionEnvironment env) {
        YomoStreamFunctionSourceBuilder<YomoRecord> source =
                YomoSource.streamFunction()
                        .setZipper(zipperHost, zipperPort)
                        .setName(name)
                        .setObservedTags(observedTags.stream().sorted().toList())
                        .setTls(TlsOptions.INSECURE_DEFAULT);
        YomoSinkBuilder<YomoRecord> sink =
                YomoSink.<YomoRecord>builder()
                        .setZipper(zipperHost, zipperPort)
                        .setClientName(name + "-out")
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        .setRecordSerializer(YomoRecordSerializer.yomoRecords());
        if (credential != null) {
            source.setCredential(credential);
            sink.setCredential(credential);
        }
        env.fromSource(
                        source.build(),
                        WatermarkStrategy.noWatermarks(),
                        "YoMo stream function " + name)
                .uid("yomo-sfn-source")
                .process(
                        WasmStreamFunctionProcessor.builder(WasmModuleSource.fromPath(module))
                                .configure(env.getConfiguration())
                                .build())
                .name("Wasm " + module.getFileName())
                .uid("wasm-function")
                .returns(TypeInformation.of(YomoRecord.class))
                .sinkTo(sink.build())
                .name("YoMo zipper " + zipperHost + ":" + zipperPort)
                .uid("yomo-sfn-sink");
    }
}
