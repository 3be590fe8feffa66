package dev.flinkyomo.formats.y3;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import dev.flinkyomo.y3.tools.ToolStreams;
import dev.flinkyomo.y3.tools.Y3Tool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code y3 fromjson} without {@code -r} writes what a {@code 'format' = 'y3'} table without {@code
 * y3.record-path} reads and writes: the record node 0x10 ({@code 90 L {columns}}).
 */
class Y3DefaultsAgreeWithTheToolTest {

    @Test
    void fromjsonWithoutARecordPathWritesTheFormatsDefaultLayout() {
        assertThat(Y3FormatOptions.RECORD_PATH.defaultValue()).isEqualTo("0x10");
        RowType row =
                new RowType(
                        List.of(
                                new RowType.RowField("noise", new FloatType()),
                                new RowType.RowField("time", new BigIntType()),
                                new RowType.RowField(
                                        "from", new VarCharType(VarCharType.MAX_LENGTH))));
        byte[] format =
                Y3RowDataSerializationSchema.builder(row)
                        .keys("noise=0x11,time=0x12,from=0x13")
                        .build()
                        .serialize(
                                GenericRowData.of(
                                        45.5f, 1634567890123L, StringData.fromString("localhost")));

        String tool =
                y3(
                        "fromjson",
                        "-k",
                        "noise=0x11,time=0x12,from=0x13",
                        "-t",
                        "noise=float32,time=int64",
                        "{\"noise\":45.5,\"time\":1634567890123,\"from\":\"localhost\"}");

        assertThat(tool.trim().replace(" ", ""))
                .isEqualToIgnoringCase(HexFormat.of().formatHex(format));
        assertThat(format[0]).as("record node 0x10").isEqualTo((byte) 0x90);
    }

    private static String y3(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Y3Tool.execute(
                        new ToolStreams(new ByteArrayInputStream(new byte[0]), out, err), args);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
