package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.y3.IntegerEncoding;

import java.util.Arrays;
import java.util.Objects;

/** The {@code y3.*} options of one table, parsed and checked once. */
@Internal
final class Y3FormatConfig {

    private final Y3KeyMapping keys;
    private final int[] recordPath;
    private final IntegerEncoding integerEncoding;
    private final boolean ignoreParseErrors;
    private final boolean failOnMissingKey;
    private final boolean firstOccurrenceWins;
    private final int maxPacketSize;

    private Y3FormatConfig(ReadableConfig options) {
        this.keys =
                options.getOptional(Y3FormatOptions.KEYS)
                        .map(Y3KeyMapping::parse)
                        .orElse(Y3KeyMapping.defaults());
        this.recordPath =
                Y3KeyPaths.parsePath(options.get(Y3FormatOptions.RECORD_PATH), "'y3.record-path'");
        this.integerEncoding = options.get(Y3FormatOptions.INTEGER_ENCODING);
        this.ignoreParseErrors = options.get(Y3FormatOptions.IGNORE_PARSE_ERRORS);
        this.failOnMissingKey = options.get(Y3FormatOptions.FAIL_ON_MISSING_KEY);
        this.firstOccurrenceWins = options.get(Y3FormatOptions.FIRST_OCCURRENCE_WINS);
        MemorySize max = options.get(Y3FormatOptions.MAX_PACKET_SIZE);
        if (max.getBytes() < 2 || max.getBytes() > Integer.MAX_VALUE) {
            throw new ValidationException(
                    "'y3.max-packet-size' must be between 2 bytes and 2 GiB - 1, got "
                            + max.toHumanReadableString());
        }
        this.maxPacketSize = (int) max.getBytes();
    }

    /**
     * @throws ValidationException for malformed options
     */
    static Y3FormatConfig from(ReadableConfig options) {
        return new Y3FormatConfig(options);
    }

    /**
     * Refuses mapping entries that name no column of the table. The rest of the checks (types,
     * unmapped columns) wait for the row type the format actually decodes, which a connector may
     * narrow (e.g. value columns without the key columns).
     */
    void checkColumnsExist(RowType table) {
        for (String column : keys.columns()) {
            if (!exists(table, column.split("\\."), 0)) {
                throw new ValidationException(
                        "'y3.keys' names column '"
                                + column
                                + "', which the table does not have. Columns: "
                                + table.getFieldNames()
                                + ".");
            }
        }
    }

    private static boolean exists(LogicalType type, String[] path, int depth) {
        while (type instanceof ArrayType) {
            type = ((ArrayType) type).getElementType();
        }
        if (depth == path.length) {
            return true;
        }
        if (!(type instanceof RowType)) {
            return false;
        }
        RowType row = (RowType) type;
        int i = row.getFieldIndex(path[depth]);
        return i >= 0 && exists(row.getTypeAt(i), path, depth + 1);
    }

    Y3RowDataDeserializationSchema.Builder deserializer(RowType physicalType) {
        return Y3RowDataDeserializationSchema.builder(physicalType)
                .keys(keys)
                .recordPath(recordPath)
                .integerEncoding(integerEncoding)
                .ignoreParseErrors(ignoreParseErrors)
                .failOnMissingKey(failOnMissingKey)
                .firstOccurrenceWins(firstOccurrenceWins)
                .maxPacketSize(maxPacketSize);
    }

    Y3RowDataSerializationSchema.Builder serializer(RowType rowType) {
        return Y3RowDataSerializationSchema.builder(rowType)
                .keys(keys)
                .recordPath(recordPath)
                .integerEncoding(integerEncoding);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Y3FormatConfig)) {
            return false;
        }
        Y3FormatConfig that = (Y3FormatConfig) o;
        return keys.equals(that.keys)
                && Arrays.equals(recordPath, that.recordPath)
                && integerEncoding == that.integerEncoding
                && ignoreParseErrors == that.ignoreParseErrors
                && failOnMissingKey == that.failOnMissingKey
                && firstOccurrenceWins == that.firstOccurrenceWins
                && maxPacketSize == that.maxPacketSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                keys,
                Arrays.hashCode(recordPath),
                integerEncoding,
                ignoreParseErrors,
                failOnMissingKey,
                firstOccurrenceWins,
                maxPacketSize);
    }

    @Override
    public String toString() {
        return "keys=["
                + keys
                + "], record-path="
                + Y3KeyPaths.format(recordPath)
                + ", integer-encoding="
                + integerEncoding;
    }
}
