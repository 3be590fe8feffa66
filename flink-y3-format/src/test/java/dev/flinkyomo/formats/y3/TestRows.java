package dev.flinkyomo.formats.y3;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.CHAR;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.SMALLINT;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.apache.flink.table.api.DataTypes.TINYINT;
import static org.apache.flink.table.api.DataTypes.VARBINARY;

/** Test helpers: hex bytes and RowData to/from external {@link Row} for deep comparisons. */
public final class TestRows {

    /** One column of every primitive type the format supports. */
    private static final DataTypes.Field[] SCALAR_FIELDS = {
        FIELD("b", BOOLEAN()),
        FIELD("t", TINYINT()),
        FIELD("s", SMALLINT()),
        FIELD("i", INT()),
        FIELD("l", BIGINT()),
        FIELD("f", FLOAT()),
        FIELD("d", DOUBLE()),
        FIELD("str", STRING()),
        FIELD("ch", CHAR(3)),
        FIELD("bin", BYTES()),
        FIELD("vb", VARBINARY(10)),
        FIELD("ts", TIMESTAMP_LTZ(3)),
    };

    private TestRows() {}

    /**
     * The columns of every primitive type (b, t, s, i, l, f, d, str, ch, bin, vb, ts), then more.
     */
    public static DataTypes.Field[] scalarFieldsAnd(DataTypes.Field... more) {
        return Stream.concat(Arrays.stream(SCALAR_FIELDS), Arrays.stream(more))
                .toArray(DataTypes.Field[]::new);
    }

    static byte[] hex(String text) {
        String s = text.replaceAll("\\s+", "");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", b));
        }
        return sb.toString();
    }

    static RowType rowType(DataType dataType) {
        return (RowType) dataType.getLogicalType();
    }

    static Row toExternal(DataType dataType, RowData row) {
        DataStructureConverter<Object, Object> c = DataStructureConverters.getConverter(dataType);
        c.open(TestRows.class.getClassLoader());
        return (Row) c.toExternal(row);
    }

    static RowData toInternal(DataType dataType, Row row) {
        DataStructureConverter<Object, Object> c = DataStructureConverters.getConverter(dataType);
        c.open(TestRows.class.getClassLoader());
        return (RowData) c.toInternal(row);
    }

    static DataType fromLogical(RowType type) {
        return TypeConversions.fromLogicalToDataType(type);
    }
}
