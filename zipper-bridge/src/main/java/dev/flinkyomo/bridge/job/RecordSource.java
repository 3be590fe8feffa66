package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.common.YomoRecord;

/** Where the records of YoMo sources come from: the zipper's listener in a real job. */
@FunctionalInterface
public interface RecordSource {

    DataStream<YomoRecord> create(StreamExecutionEnvironment env, ZipperConfig config);
}
