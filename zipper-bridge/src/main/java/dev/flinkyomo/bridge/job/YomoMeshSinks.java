package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.datastream.DataStream;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.job.sink.MeshSink;
import dev.flinkyomo.common.YomoRecord;

/**
 * Mesh peers as {@link MeshSink}s (YoMo sinks dialling them as an upstream zipper named like this
 * one, dropping while they are down).
 */
public final class YomoMeshSinks implements MeshSinkFactory {

    private final String zipperName;

    public YomoMeshSinks(String zipperName) {
        this.zipperName = zipperName;
    }

    @Override
    public void attach(DataStream<YomoRecord> records, MeshPeer peer) {
        records.sinkTo(MeshSink.to(zipperName, peer))
                .name("YoMo mesh " + peer.name() + " " + peer.address())
                .uid("mesh-" + peer.name());
    }
}
