package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;

/**
 * The listener's acknowledgement mode and how long a silent producer's position is kept in the
 * split state (bounded state: a producer silent for longer starts over as unknown).
 */
@Internal
public record AcknowledgementSettings(AcknowledgementMode mode, Duration producerTtl)
        implements Serializable {

    /**
     * 24 h: a device may be offline for a day (a site's network down overnight) and still resume
     * exactly where it stood; a position is about 50 bytes, so 10,000 devices a day keep well under
     * a megabyte of state.
     */
    public static final Duration DEFAULT_PRODUCER_TTL = Duration.ofHours(24);

    public static final AcknowledgementSettings NONE =
            new AcknowledgementSettings(AcknowledgementMode.NONE, DEFAULT_PRODUCER_TTL);

    public AcknowledgementSettings {
        if (producerTtl.isNegative() || producerTtl.isZero()) {
            throw new IllegalArgumentException("producer TTL must be positive, got " + producerTtl);
        }
    }

    public boolean enabled() {
        return mode == AcknowledgementMode.ON_CHECKPOINT;
    }
}
