package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;

/**
 * A Sink V2 that writes each element as a YoMo DataFrame to a zipper, connecting as a YoMo source
 * (client type 0x5F), one QUIC connection per subtask. Input metadata is carried forward as a
 * stream function's {@code ctx.Write} does (see {@link OutboundMetadata}), so results written back
 * stay correlated with the frames they came from.
 *
 * <p>Flow control: a write waits while the connection's send buffer is full (QUIC flow control
 * pushes back into Flink's backpressure) or while the client reconnects, up to the write timeout.
 * Every checkpoint and the end of input flush the connection.
 *
 * <p>Guarantee: by default ({@code DeliveryGuarantee.NONE}) at-most-once. Stock YoMo has no
 * acknowledgements; frames handed to a connection that then breaks are lost, as with YoMo's own
 * sources. With {@code DeliveryGuarantee.AT_LEAST_ONCE} ({@link
 * YomoSinkBuilder#setDeliveryGuarantee}) the receiver must grant the acknowledgement extension (a
 * flink-yomo listener with {@code ON_CHECKPOINT}), and every checkpoint waits until it has
 * acknowledged everything written before it: at-least-once end to end.
 */
@PublicEvolving
public final class YomoSink<IN> implements Sink<IN> {

    private static final long serialVersionUID = 1L;

    private final YomoSinkOptions options;
    private final YomoRecordSerializer<IN> serializer;

    YomoSink(YomoSinkOptions options, YomoRecordSerializer<IN> serializer) {
        this.options = options;
        this.serializer = serializer;
    }

    public static <IN> YomoSinkBuilder<IN> builder() {
        return new YomoSinkBuilder<>();
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return YomoSinkWriter.open(options, serializer, context);
    }

    public YomoSinkOptions options() {
        return options;
    }
}
