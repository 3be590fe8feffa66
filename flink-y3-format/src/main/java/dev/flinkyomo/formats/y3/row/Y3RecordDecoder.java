package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3ObservingDecoder;
import dev.flinkyomo.y3.Y3Tag;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one Y3 record into a row of the projected fields only. Each projected field (a top-level
 * column or, with nested projection, a field inside a ROW) becomes an observed key path of a {@link
 * Y3ObservingDecoder}; everything else in the record is skipped by its length, never decoded. A
 * projected ROW column is decoded whole.
 *
 * <p>The row is a {@code BinaryRowData} (see {@link Y3BinaryRow}) when every produced column is of
 * a type that fits one (not ROW, not ARRAY) and at least one is a STRING; otherwise a {@code
 * GenericRowData}. A string in a {@code GenericRowData} is five objects ({@code
 * StringData.fromBytes} of a copy: the bytes, a {@code MemorySegment} with its {@code
 * AtomicBoolean}, a segment array, the {@code BinaryStringData}), a binary row takes it as bytes in
 * its one array: 16 columns all read (5 strings) went from 1,206 to 366 B per record (JMH {@code
 * -prof gc}). Without a string the binary row's fixed cost (row, segment, array: about 150 B) is
 * more than the boxes it saves: one FLOAT column is 64 B as a {@code GenericRowData}.
 *
 * <p>Not thread-safe: it keeps the row being filled between visitor calls. Use one per thread (one
 * per deserialization schema instance, which Flink never shares between threads).
 */
@Internal
public final class Y3RecordDecoder implements Y3ObservingDecoder.Visitor, Serializable {

    private static final long serialVersionUID = 1L;

    private final Y3ObservingDecoder observer;
    private final int recordField; // observer field of the record node, -1 without a record node
    private final String recordPath;
    private final Y3FieldReader[] readers; // by observer field; null for the record node
    private final int[][]
            outputs; // by observer field: output positions (a path may be projected twice)
    private final Y3FieldReader[] readerByOutput;
    private final boolean[] required; // by output position

    private final Y3BinaryRow binary; // null: rows are GenericRowData

    private transient GenericRowData row;
    private transient boolean recordSeen;
    private transient int decodedFields;

    /**
     * @param layout the physical row
     * @param recordPath key path of the record node; empty if the columns are top-level TLVs
     * @param projection fields to produce, as Flink's nested indexes into the physical row ({@code
     *     [[2], [1, 0]]} = 3rd column, then 1st field of the 2nd column)
     */
    public Y3RecordDecoder(
            Y3RowLayout layout, int[] recordPath, int[][] projection, Y3DecodeSettings settings) {
        this(layout, recordPath, projection, settings, true);
    }

    /**
     * @param binaryRows false to always produce {@code GenericRowData} (tests compare both)
     */
    Y3RecordDecoder(
            Y3RowLayout layout,
            int[] recordPath,
            int[][] projection,
            Y3DecodeSettings settings,
            boolean binaryRows) {
        Y3ObservingDecoder.Builder builder =
                Y3ObservingDecoder.builder()
                        .limits(Y3Limits.of(settings.maxPacketSize(), Y3Limits.DEFAULT_MAX_DEPTH))
                        .firstOccurrenceWins(settings.firstOccurrenceWins());
        this.recordPath = Y3KeyPath.format(recordPath);
        this.recordField = recordPath.length == 0 ? -1 : builder.observe(recordPath);

        Map<String, List<Integer>> outputsByPath = new LinkedHashMap<>();
        Map<String, Integer> fieldByPath = new LinkedHashMap<>();
        List<Y3FieldReader> readerList = new ArrayList<>();
        if (recordField >= 0) {
            readerList.add(null);
        }
        this.readerByOutput = new Y3FieldReader[projection.length];
        this.required = new boolean[projection.length];
        for (int out = 0; out < projection.length; out++) {
            int[] keyPath = recordPath.clone();
            Y3RowLayout level = layout;
            Y3RowLayout.Field field = null;
            boolean nullable = false;
            for (int depth = 0; depth < projection[out].length; depth++) {
                if (depth > 0) {
                    level = field.type().row(); // Flink only nests projections into ROW fields
                }
                field = level.field(projection[out][depth]);
                keyPath = Arrays.copyOf(keyPath, keyPath.length + 1);
                keyPath[keyPath.length - 1] = field.key();
                nullable |= field.nullable();
            }
            if (field == null) {
                throw new IllegalArgumentException("empty projection path at position " + out);
            }
            String pathText = Y3KeyPath.format(keyPath);
            Integer observed = fieldByPath.get(pathText);
            if (observed == null) {
                observed = builder.observe(keyPath);
                fieldByPath.put(pathText, observed);
                readerList.add(
                        Y3ValueDecoders.reader(field.type(), field.path(), pathText, settings));
            }
            outputsByPath.computeIfAbsent(pathText, p -> new ArrayList<>()).add(out);
            readerByOutput[out] = readerList.get(observed);
            required[out] = settings.failOnMissingKey() || !nullable;
        }
        this.observer = builder.build();
        this.readers = readerList.toArray(new Y3FieldReader[0]);
        this.outputs = new int[readers.length][];
        fieldByPath.forEach(
                (path, f) ->
                        outputs[f] =
                                outputsByPath.get(path).stream()
                                        .mapToInt(Integer::intValue)
                                        .toArray());
        this.binary =
                binaryRows && fitsBinaryRow(readerByOutput)
                        ? new Y3BinaryRow(projection.length)
                        : null;
    }

    private static boolean fitsBinaryRow(Y3FieldReader[] columns) {
        boolean anyString = false;
        for (Y3FieldReader c : columns) {
            if (!c.writesBinary()) {
                return false;
            }
            anyString |= c.kind() == Y3Type.Kind.STRING;
        }
        return anyString;
    }

    /**
     * Decodes a whole record.
     *
     * @throws Y3FieldException for a bad value or a missing required key, naming the column
     * @throws Y3Exception for bytes that are not well-formed Y3 on an observed path
     */
    public RowData decode(byte[] record) {
        GenericRowData result = null;
        if (binary != null) {
            binary.reset();
        } else {
            result = new GenericRowData(readerByOutput.length);
            row = result;
        }
        recordSeen = false;
        decodedFields = 0;
        try {
            observer.decode(record, this);
        } finally {
            row = null; // do not pin the last record
        }
        if (recordField >= 0 && !recordSeen) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    0,
                    "the record has no node at key path " + recordPath);
        }
        for (int out = 0; out < required.length; out++) {
            if (required[out] && (result == null ? binary.isNullAt(out) : result.isNullAt(out))) {
                throw readerByOutput[out].missing();
            }
        }
        return result == null ? binary.build() : result;
    }

    /**
     * Number of projected fields the last {@link #decode} call decoded (nested rows count once).
     */
    public int decodedFieldCount() {
        return decodedFields;
    }

    /**
     * Kept small, its cold branches in methods of their own: {@code walk} calls it once per
     * observed value, and C2 inlines it there only while its compiled code stays under {@code
     * InlineSmallCode} (-XX:+PrintInlining at 16 columns all read: "already compiled into a big
     * method" when the record-node check and the generic path were inline here).
     */
    @Override
    public void onValue(int field, int tag, byte[] buf, int valueIndex, int valueLength, int base) {
        if (field == recordField) {
            onRecordNode(tag, valueIndex, base);
            return;
        }
        if (binary != null) {
            Y3FieldReader reader = readers[field];
            for (int out : outputs[field]) {
                reader.write(binary, out, tag, buf, valueIndex, valueLength, base);
            }
        } else {
            setGeneric(field, tag, buf, valueIndex, valueLength, base);
        }
        decodedFields++;
    }

    private void onRecordNode(int tag, int valueIndex, int base) {
        if (!Y3Tag.isNode(tag)) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    valueIndex - base,
                    "the record at key path " + recordPath + " is a primitive, not a node");
        }
        recordSeen = true;
    }

    private void setGeneric(
            int field, int tag, byte[] buf, int valueIndex, int valueLength, int base) {
        Object value = readers[field].read(tag, buf, valueIndex, valueLength, base);
        for (int out : outputs[field]) {
            row.setField(out, value);
        }
    }
}
