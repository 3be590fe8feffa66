package dev.flinkyomo.y3.tools;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.tools.dump.TlvDumper;
import dev.flinkyomo.y3.tools.dump.ValueReadings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.EnumSet;
import java.util.concurrent.Callable;

/** {@code y3 dump}: the TLV tree of concatenated packets, with every plausible value reading. */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description = {
            "Print Y3 bytes as an indented TLV tree.",
            "Each line shows the offset, tag byte, kind (node, slice, prim), key and length; primitives "
                    + "also show their bytes and every plausible reading (printable UTF-8 string, NVarInt "
                    + "and PVarInt integers, float32/float64 when the width fits, bool). Concatenated "
                    + "packets are shown one after another."
        })
final class DumpCommand implements Callable<Integer> {

    @ParentCommand private Y3Tool parent;

    @Mixin private InputOptions input;

    @Mixin private LimitOptions limits;

    @Option(
            names = "--integer-encoding",
            paramLabel = "ENC",
            description =
                    "Show only this integer reading: nvarint (y3 >= 1.0.1, YoMo frames) or "
                            + "pvarint (y3-codec-golang payloads). Both when absent.")
    private IntegerEncoding integerEncoding;

    @Override
    public Integer call() throws Exception {
        ToolStreams io = parent.streams();
        byte[] bytes = input.read(io.in());
        ValueReadings readings =
                new ValueReadings(
                        integerEncoding == null
                                ? EnumSet.allOf(IntegerEncoding.class)
                                : EnumSet.of(integerEncoding));
        int packets = new TlvDumper(io.out(), limits.limits(), readings).dump(bytes);
        if (packets == 0) {
            io.out().println("(no packets: the input is empty)");
        }
        return Y3Tool.EXIT_OK;
    }
}
