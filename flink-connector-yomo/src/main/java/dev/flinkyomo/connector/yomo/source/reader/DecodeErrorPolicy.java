package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * What a {@link dev.flinkyomo.connector.yomo.source.YomoSource} does with a frame whose payload its
 * deserializer refuses (SQL: {@code 'scan.decode-errors'}). Every refused frame is counted in the
 * source's {@code numRecordsInErrors} and logged (at most one line per 10 s per subtask) under SKIP
 * and DEAD_LETTER.
 *
 * <p>The default is {@link #SKIP}: frames come from devices the job does not control, and under
 * FAIL one device sending garbage fails the task, which drops every queued frame and disconnects
 * every other device, and with a restart strategy crash-loops for as long as it keeps sending.
 */
@PublicEvolving
public enum DecodeErrorPolicy implements DescribedEnum {
    /** The task fails with the error, naming the client, the tag and the decoder's message. */
    FAIL("fail", "The job fails, naming the client, the tag and the decoder's error."),
    /** The frame is dropped, counted and logged; the job goes on. The default. */
    SKIP(
            "skip",
            "The frame is dropped, counted in numRecordsInErrors and logged (rate-limited);"
                    + " the job goes on. The default: one bad device must not stop the others."),
    /**
     * The frame is counted, logged and emitted as a dead letter through the deserializer ({@link
     * dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema#deadLetter}): in SQL a
     * row whose physical columns are null and whose {@code decode_error} metadata column holds the
     * error; in the DataStream API a {@link YomoDecodeResult} carrying a {@link YomoDeadLetter}.
     */
    DEAD_LETTER(
            "dead-letter",
            "The frame is counted, logged and emitted as a row whose physical columns are null"
                    + " and whose 'decode_error' metadata column holds the error.");

    private final String value;
    private final String description;

    DecodeErrorPolicy(String value, String description) {
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
