package dev.flinkyomo.y3.tools;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.tools.json.KeyMapping;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How JSON fields map to Y3 keys and types; shared by tojson and fromjson. */
@Internal
public final class MappingOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(
            names = {"-k", "--keys"},
            paramLabel = "MAP",
            description =
                    "Field names to keys, e.g. 'noise=0x11,time=0x12,from=0x13'. Dotted names "
                            + "are fields of nested objects ('loc=0x20,loc.lat=0x01'). A key without a name "
                            + "appears as '0x15'.")
    private String keys;

    @Option(
            names = {"-t", "--types"},
            paramLabel = "TYPES",
            description =
                    "Field types, e.g. 'noise=float32,time=int64': string, bytes (hex in JSON), "
                            + "bool, int32, int64, uint32, uint64, float32, float64. For an array, the type of "
                            + "its items. Without one: tojson reads strings (bytes for unnamed keys); fromjson "
                            + "uses the JSON value (int64, float64, bool, string).")
    private String types;

    /**
     * The Flink format's default ({@code 'y3.record-path' = '0x10'}, Y3FormatOptions.RECORD_PATH),
     * so bytes from {@code y3 fromjson} are what a {@code 'format' = 'y3'} table reads without
     * options, and {@code y3 tojson} reads what such a table writes.
     */
    static final String DEFAULT_RECORD_PATH = "0x10";

    @Option(
            names = {"-r", "--record-path", "--record-key"},
            paramLabel = "PATH",
            defaultValue = DEFAULT_RECORD_PATH,
            description =
                    "Each record is the node at this key path, as the Flink format's 'y3.record-path'"
                            + " (default: ${DEFAULT-VALUE}, the format's default): 0x10 reads '90 L {fields}';"
                            + " 0x01.0x10 reads a record inside a wrapper node (y3-codec-golang: root 0x01);"
                            + " '' means no record node: the input is the fields of one record.")
    private String recordKey;

    @Option(
            names = "--integer-encoding",
            paramLabel = "ENC",
            defaultValue = "nvarint",
            description =
                    "nvarint (y3 >= 1.0.1, default) or pvarint (y3-codec-golang, yomo <= 1.3).")
    private IntegerEncoding integerEncoding;

    public KeyMapping mapping() {
        try {
            return KeyMapping.parse(keys, types);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public int[] recordPath() {
        if (recordKey == null || recordKey.isBlank()) {
            return new int[0];
        }
        try {
            return Y3KeyPath.parsePath(recordKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--record-path: " + e.getMessage());
        }
    }

    public IntegerEncoding integerEncoding() {
        return integerEncoding;
    }
}
