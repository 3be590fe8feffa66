package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * Whether a listener grants the acknowledgement extension (yomo-java/ACKS.md) to devices that ask
 * for it.
 */
@PublicEvolving
public enum AcknowledgementMode implements DescribedEnum {
    /**
     * Devices that ask are answered as a stock zipper answers (no grant): they carry on
     * at-most-once, or stop if they require acknowledgements. The default, because acknowledgements
     * go out only when checkpoints complete: a job without checkpointing would let every
     * acknowledging device fill its buffer and block.
     */
    NONE(
            "none",
            "Devices that ask for acknowledgements are answered as a stock zipper answers:"
                    + " at-most-once."),

    /**
     * Grant, keep each producer's position in the split state, drop resent duplicates, and
     * acknowledge in {@code notifyCheckpointComplete}: each frame reaches Flink's state once. Needs
     * checkpointing; without a checkpoint for a minute the reader says so in a WARN.
     */
    ON_CHECKPOINT(
            "on-checkpoint",
            "Grant acknowledgements, keep each device's position in the checkpoint, drop resent"
                    + " duplicates and acknowledge when a checkpoint completes: each frame of an"
                    + " acknowledging device reaches Flink's state once. Needs checkpointing.");

    private final String value;
    private final String description;

    AcknowledgementMode(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }
}
