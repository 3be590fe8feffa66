package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.common.YomoRecord;

import java.util.Optional;

/** Where the records of YoMo sources come from: the zipper's listener in a real job. */
@FunctionalInterface
public interface RecordSource {

    DataStream<YomoRecord> create(StreamExecutionEnvironment env, ZipperConfig config);

    /**
     * The sources' records on the routing bus (the operator {@code Bus}, uid {@code bus}); all with
     * origin 0 unless the source knows which came from an upstream zipper.
     */
    default DataStream<BusRecord> bus(StreamExecutionEnvironment env, ZipperConfig config) {
        return create(env, config)
                .map(r -> new BusRecord(r, 0))
                .returns(BridgeJobBuilder.BUS_TYPE)
                .name("Bus")
                .uid("bus");
    }

    /**
     * The name of the listener that stream functions connect to, if this source has one (then the
     * job routes records to them); empty for sources without connections (tests).
     */
    default Optional<String> functionListener(ZipperConfig config) {
        return Optional.empty();
    }
}
