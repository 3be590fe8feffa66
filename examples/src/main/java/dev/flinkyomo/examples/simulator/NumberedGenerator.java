package dev.flinkyomo.examples.simulator;

import java.nio.charset.StandardCharsets;

/**
 * Numbered readings: the payload of the {@code seq}-th frame is the reading number {@code seq + 1}
 * in decimal ASCII ({@code 1}, {@code 2}, ...), so a receiver can check that every reading arrived
 * exactly once.
 */
public final class NumberedGenerator implements PayloadGenerator {

    @Override
    public byte[] payload(long seq, long nowMillis) {
        return Long.toString(seq + 1).getBytes(StandardCharsets.US_ASCII);
    }

    /** The reading number in a payload this generator wrote. */
    public static long number(byte[] payload) {
        return Long.parseLong(new String(payload, StandardCharsets.US_ASCII));
    }
}
