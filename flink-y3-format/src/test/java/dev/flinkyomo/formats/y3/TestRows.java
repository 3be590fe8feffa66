package dev.flinkyomo.formats.y3;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/** Test helpers: hex bytes and RowData to/from external {@link Row} for deep comparisons. */
final class TestRows {

    private TestRows() {}

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
