package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * A frame that cannot be accepted: malformed bytes, a wrong field, a frame that is not allowed at
 * this point of the session. Names the frame and the byte offset inside it (or -1), so a close
 * reason sent to the peer and the log line both say exactly what was wrong.
 */
@PublicEvolving
public class YomoProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String frame;
    private final long offset;

    public YomoProtocolException(String frame, long offset, String detail) {
        this(frame, offset, detail, null);
    }

    public YomoProtocolException(String frame, long offset, String detail, Throwable cause) {
        super(frame + (offset >= 0 ? " at byte " + offset : "") + ": " + detail, cause);
        this.frame = frame;
        this.offset = offset;
    }

    /** Name of the frame being decoded or encoded, e.g. {@code DataFrame}. */
    public String frame() {
        return frame;
    }

    /** Byte offset of the problem inside the frame, or -1 when it is not about one byte. */
    public long offset() {
        return offset;
    }
}
