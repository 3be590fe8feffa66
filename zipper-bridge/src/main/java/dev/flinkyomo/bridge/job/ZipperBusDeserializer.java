package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ConnectionInfo;

/**
 * The listener's frames as bus records: a source's or a connected function's write with origin 0,
 * an upstream zipper's with {@link BusRecord#FROM_UPSTREAM_ZIPPER}, which the mesh forwarding
 * skips. It must be decided here, in the source: the record does not carry its sender's client type
 * further.
 */
final class ZipperBusDeserializer implements YomoDeserializationSchema<BusRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(YomoRecord frame, Collector<BusRecord> out) {
        out.collect(new BusRecord(frame, 0));
    }

    @Override
    public void deserialize(YomoRecord frame, ConnectionInfo from, Collector<BusRecord> out) {
        boolean forwarded = from.clientType() == ClientType.UPSTREAM_ZIPPER.code();
        out.collect(new BusRecord(frame, forwarded ? BusRecord.FROM_UPSTREAM_ZIPPER : 0));
    }

    @Override
    public TypeInformation<BusRecord> getProducedType() {
        return BridgeJobBuilder.BUS_TYPE;
    }
}
