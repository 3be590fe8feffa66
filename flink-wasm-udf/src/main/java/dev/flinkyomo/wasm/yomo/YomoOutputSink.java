package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Receives what a stream function wrote for one frame, in write order, once the handler has
 * returned (a trapping call delivers nothing). Lets a caller turn writes straight into its own
 * records without an intermediate {@link YomoOutput} per write.
 */
@PublicEvolving
@FunctionalInterface
public interface YomoOutputSink {

    /**
     * @param tag the data tag as a YoMo uint32
     * @param data the bytes written (a private copy, owned by the receiver)
     * @param target the target of {@code yomo_write_with_target}, or null for a plain write
     */
    void accept(long tag, byte[] data, String target);
}
