package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Limits;

/**
 * Options of the {@code y3} format. In SQL they carry the format prefix: {@code 'y3.keys' = ...}.
 */
@PublicEvolving
public final class Y3FormatOptions {

    public static final ConfigOption<String> KEYS =
            ConfigOptions.key("keys")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Column-to-key mapping, e.g. 'noise=0x11,time=0x12,from=0x13'. Keys are hex"
                                    + " 0x00..0x3F, unique within a row level. Dotted names address fields of"
                                    + " nested ROW columns ('loc=0x20,loc.lat=0x01,loc.lon=0x02'); the fields"
                                    + " of an ARRAY<ROW<..>> column 'c' are 'c.<field>'. A row level none of"
                                    + " whose fields is mapped numbers them from 0x10 in declaration order"
                                    + " (y3-codec-golang's first user key); a level with some fields mapped"
                                    + " must map all of them. Without this option every level uses the"
                                    + " default numbering.");

    public static final ConfigOption<String> RECORD_PATH =
            ConfigOptions.key("record-path")
                    .stringType()
                    .defaultValue("0x10")
                    .withDescription(
                            "Key path of the record node, whose children are the columns, from the top"
                                    + " level of the message inwards. '0x10' reads '90 L {columns}'. Use"
                                    + " '0x01.0x10' for y3-codec-golang NewCodec(0x10).Marshal(struct)"
                                    + " payloads '81 L [90 L {columns}]' (root wrapper 0x81 around the"
                                    + " record node). An empty string means the columns are the top-level"
                                    + " TLVs of the message, with no record node.");

    public static final ConfigOption<IntegerEncoding> INTEGER_ENCODING =
            ConfigOptions.key("integer-encoding")
                    .enumType(IntegerEncoding.class)
                    .defaultValue(IntegerEncoding.NVARINT)
                    .withDescription(
                            "How integer values are encoded. 'NVARINT' (default): minimal two's"
                                    + " complement bytes, github.com/yomorun/y3 >= 1.0.1 and every YoMo"
                                    + " release since v1.4. 'PVARINT': continuation-bit varint of"
                                    + " y3-codec-golang (payloads of yomo <= v1.3). Lengths are PVarInt32"
                                    + " either way.");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS =
            ConfigOptions.key("ignore-parse-errors")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Skip a record that cannot be decoded instead of failing the job. Skipped"
                                    + " records are counted in the 'y3SkippedRecords' metric and logged."
                                    + " Only projected columns are decoded, so a bad value in an unselected"
                                    + " column never causes a skip.");

    public static final ConfigOption<Boolean> FAIL_ON_MISSING_KEY =
            ConfigOptions.key("fail-on-missing-key")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether a column whose key is absent from a record is an error (true) or"
                                    + " NULL (false, default). A NOT NULL column with an absent key is always"
                                    + " an error.");

    public static final ConfigOption<Boolean> FIRST_OCCURRENCE_WINS =
            ConfigOptions.key("first-occurrence-wins")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "When a key repeats inside a record: true takes the first occurrence and stops"
                                    + " reading a node as soon as every selected key in it was seen, so the rest"
                                    + " of the record is not even walked (y3-codec-golang's observe semantics,"
                                    + " fastest for narrow projections); false (default) walks the whole node"
                                    + " and the last occurrence wins, as y3's decoder does. Records written"
                                    + " from Go structs never repeat a key, so both read them the same.");

    public static final ConfigOption<MemorySize> MAX_PACKET_SIZE =
            ConfigOptions.key("max-packet-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse(Y3Limits.DEFAULT_MAX_PACKET_SIZE + "b"))
                    .withDescription(
                            "Largest TLV value length a record may declare (default 16 MiB, at most"
                                    + " 2 GiB - 1). A longer declared length is a parse error, refused"
                                    + " before anything is allocated for it.");

    private Y3FormatOptions() {}
}
