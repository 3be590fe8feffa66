package dev.flinkyomo.y3.tools;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.Y3Limits;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Bounds for decoding untrusted bytes, the same {@link Y3Limits} the Flink format applies. */
@Internal
public final class LimitOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(
            names = "--max-packet-size",
            paramLabel = "BYTES",
            defaultValue = "" + Y3Limits.DEFAULT_MAX_PACKET_SIZE,
            description = "Refuse any TLV value longer than this (default: ${DEFAULT-VALUE}).")
    private int maxPacketSize;

    @Option(
            names = "--max-depth",
            paramLabel = "N",
            defaultValue = "" + Y3Limits.DEFAULT_MAX_DEPTH,
            description = "Refuse nodes nested deeper than this (default: ${DEFAULT-VALUE}).")
    private int maxDepth;

    public Y3Limits limits() {
        try {
            return Y3Limits.of(maxPacketSize, maxDepth);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
