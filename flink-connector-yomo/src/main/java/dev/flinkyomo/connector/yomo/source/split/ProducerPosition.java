package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

/**
 * Where one producer of the acknowledgement extension (yomo-java/ACKS.md) stands in a listener
 * split: its highest emitted sequence (unsigned) and when a frame of it was last emitted, for the
 * state's time-to-live.
 */
@Internal
public record ProducerPosition(long sequence, long lastSeenMillis) {}
