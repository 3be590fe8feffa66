package dev.flinkyomo.benchmarks.wasm;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.transport.TlsOptions;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What {@code yomo run <guest>.wasm} does, as a Flink job on an embedded MiniCluster: it joins a
 * zipper as a stream function observing 0x33, runs one of flink-wasm-udf's example guests in
 * {@link WasmStreamFunctionProcessor} and writes the outputs back into the zipper. Runs until
 * killed; {@code benchmarks/scripts/wasm_host_vs_yomo_run.sh} compares it with {@code yomo run}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.wasm.WasmBehindZipper 127.0.0.1:9000 token:secret noise|uppercase</pre>
 */
public final class WasmBehindZipper {

    private WasmBehindZipper() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WasmBehindZipper <zipper host:port> <credential> noise|uppercase");
            System.exit(2);
        }
        String host = args[0].substring(0, args[0].lastIndexOf(':'));
        int port = Integer.parseInt(args[0].substring(args[0].lastIndexOf(':') + 1));
        String guest = "uppercase".equals(args[2]) ? ExampleGuests.UPPERCASE : ExampleGuests.NOISE;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(YomoSource.builder()
                                .connectTo(host, port)
                                .setStreamFunctionName("flink-" + args[2])
                                .setObservedTags(0x33)
                                .setCredential(args[1])
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        WatermarkStrategy.noWatermarks(), "yomo-sfn")
                .process(WasmStreamFunctionProcessor.builder(ExampleGuests.load(guest)).build())
                .returns(TypeInformation.of(YomoRecord.class))
                .sinkTo(YomoSink.<YomoRecord>builder()
                        .setZipper(host, port)
                        .setClientName("flink-" + args[2] + "-out")
                        .setCredential(args[1])
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                        .build());
        env.execute("wasm-behind-zipper-" + args[2]);
    }
}
