package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.datastream.DataStream;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.common.YomoRecord;

/** Attaches the sink that forwards records to another zipper of the mesh. */
@FunctionalInterface
public interface MeshSinkFactory {

    void attach(DataStream<YomoRecord> records, MeshPeer peer);
}
