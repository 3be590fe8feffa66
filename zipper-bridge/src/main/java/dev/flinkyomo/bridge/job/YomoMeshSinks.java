package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.datastream.DataStream;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.job.sink.MeshSink;
import dev.flinkyomo.common.YomoRecord;

/** Mesh peers as {@link MeshSink}s that dial them as an upstream zipper named like this one. */
public final class YomoMeshSinks implements MeshSinkFactory {

    private final String zipperName;

    public YomoMeshSinks(String zipperName) {
        this.zipperName = zipperName;
    }

    @Override
    public void attach(DataStream<YomoRecord> records, MeshPeer peer) {
        records.sinkTo(new MeshSink(zipperName, peer))
                .name("YoMo mesh " + peer.name() + " " + peer.address())
                .uid("mesh-" + peer.name());
    }
}
