package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;

import java.io.IOException;
import java.util.Set;

/**
 * A received frame to rows of a 'yomo' source table: the payload decoded by the table's format,
 * then projected here unless the format already decoded only the projected columns, then the
 * requested metadata columns appended. In listen mode frames whose tag is not observed are skipped
 * and counted ({@code framesFilteredOut}).
 */
@Internal
final class YomoRowDataDeserializer implements YomoDeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final DeserializationSchema<RowData> payload;
    private final int physicalArity;
    private final int[] projectAfterDecoding;
    private final ReadableMetadata[] metadata;
    private final Set<Long> observedTags;
    private final TypeInformation<RowData> producedType;
    private transient Counter filteredOut;
    private transient RowCollector collector;

    /**
     * @param table the table's name, for messages
     * @param physicalArity physical columns in a produced row (before the metadata columns)
     * @param projectAfterDecoding top-level indexes to keep from the decoded row, or null when the
     *     format's decoder already produces the projected row
     * @param observedTags tags to keep, or null for all
     */
    YomoRowDataDeserializer(
            String table,
            DeserializationSchema<RowData> payload,
            int physicalArity,
            int[] projectAfterDecoding,
            ReadableMetadata[] metadata,
            Set<Long> observedTags,
            TypeInformation<RowData> producedType) {
        this.table = table;
        this.payload = payload;
        this.physicalArity = physicalArity;
        this.projectAfterDecoding = projectAfterDecoding;
        this.metadata = metadata;
        this.observedTags = observedTags;
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        payload.open(context);
        filteredOut = context.getMetricGroup().counter("framesFilteredOut");
        collector = new RowCollector();
    }

    @Override
    public void deserialize(YomoRecord frame, Collector<RowData> out) throws IOException {
        if (observedTags != null && !observedTags.contains(frame.getTag())) {
            filteredOut.inc();
            return;
        }
        collector.out = out;
        collector.frame = frame;
        collector.error = null;
        try {
            payload.deserialize(frame.getPayload(), collector);
        } catch (IOException | RuntimeException e) {
            // the source's decode error policy decides; the message names the table
            throw new IOException("table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsDeadLetters() {
        return true;
    }

    /** A row of nulls in the physical columns, the frame's metadata and {@code decode_error}. */
    @Override
    public void deadLetter(YomoRecord frame, String error, Collector<RowData> out) {
        if (observedTags != null && !observedTags.contains(frame.getTag())) {
            return;
        }
        collector.out = out;
        collector.frame = frame;
        collector.error = StringData.fromString(error);
        collector.collect(new GenericRowData(physicalArity));
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Projects and appends metadata to each row the format produces for the current frame. */
    private final class RowCollector implements Collector<RowData> {
        Collector<RowData> out;
        YomoRecord frame;
        StringData error;

        @Override
        public void collect(RowData decoded) {
            RowData physical =
                    projectAfterDecoding == null || error != null
                            ? decoded
                            : ProjectedRowData.from(projectAfterDecoding).replaceRow(decoded);
            if (metadata.length == 0) {
                out.collect(physical);
                return;
            }
            GenericRowData meta = new GenericRowData(metadata.length);
            for (int i = 0; i < metadata.length; i++) {
                meta.setField(
                        i,
                        metadata[i] == ReadableMetadata.DECODE_ERROR
                                ? error
                                : metadata[i].converter.read(frame));
            }
            JoinedRowData row = new JoinedRowData(physical.getRowKind(), physical, meta);
            out.collect(row);
        }

        @Override
        public void close() {}
    }
}
