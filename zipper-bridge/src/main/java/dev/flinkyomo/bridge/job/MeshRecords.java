package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;

/**
 * What goes to a mesh peer: every record on the bus, from sources and functions, except frames
 * another zipper forwarded to this one. yomo v1.18's {@code dispatchToDownstreams} skips those (its
 * loop protection); without it two zippers meshed with each other bounce every frame between them
 * (measured with YoMo's 4-cascading-zipper example: 1,883 to 2,231 lines for 6 writes). A
 * function's output derived from such a frame is forwarded, as in YoMo.
 */
final class MeshRecords implements FlatMapFunction<BusRecord, YomoRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(BusRecord b, Collector<YomoRecord> out) {
        if (!b.fromUpstreamZipper()) {
            out.collect(b.getRecord());
        }
    }
}
