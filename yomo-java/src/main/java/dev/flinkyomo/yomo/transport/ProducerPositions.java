package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Where each producer of the acknowledgement extension (yomo-java/ACKS.md) stands at the receiver:
 * supplied by the owner of a {@link YomoListener} (the Flink reader, from its split state). A
 * listener with positions grants acknowledgements; one without answers every handshake as a stock
 * zipper does.
 *
 * <p>Called on a listener event loop at each acknowledging handshake, so it must be thread-safe and
 * must not block.
 */
@PublicEvolving
@FunctionalInterface
public interface ProducerPositions {

    /**
     * The producer's highest emitted sequence (unsigned), 0 if the producer is unknown. The
     * handshake answers it as ResumeAfter: the producer resends from the next sequence, and the
     * listener drops frames at or below it as duplicates.
     */
    long resumeAfter(String producerId);
}
