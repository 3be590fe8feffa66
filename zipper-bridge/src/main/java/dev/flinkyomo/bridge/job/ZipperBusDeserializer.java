package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.Routing;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ConnectionInfo;

import java.util.List;

/**
 * The listener's frames as bus records: a source's with origin 0, an upstream zipper's with {@link
 * BusRecord#FROM_UPSTREAM_ZIPPER}, which the mesh forwarding skips, and a connected function's with
 * its place in the workflow's order (0, like a source's, where the file lists no functions). It
 * must be decided here, in the source: the record does not carry its sender further.
 */
final class ZipperBusDeserializer implements YomoDeserializationSchema<BusRecord> {

    private static final long serialVersionUID = 1L;

    private final List<String> workflowOrder;

    ZipperBusDeserializer(List<String> workflowOrder) {
        this.workflowOrder = List.copyOf(workflowOrder);
    }

    @Override
    public void deserialize(YomoRecord frame, Collector<BusRecord> out) {
        out.collect(new BusRecord(frame, 0));
    }

    @Override
    public void deserialize(YomoRecord frame, ConnectionInfo from, Collector<BusRecord> out) {
        out.collect(new BusRecord(frame, origin(from)));
    }

    private int origin(ConnectionInfo from) {
        if (from.clientType() == ClientType.UPSTREAM_ZIPPER.code()) {
            return BusRecord.FROM_UPSTREAM_ZIPPER;
        }
        if (from.clientType() == ClientType.STREAM_FUNCTION.code()) {
            // the listener admits listed names only when there is a list
            return workflowOrder.indexOf(from.clientName()) + 1;
        }
        return Routing.SOURCES;
    }

    @Override
    public TypeInformation<BusRecord> getProducedType() {
        return BridgeJobBuilder.BUS_TYPE;
    }
}
