package dev.flinkyomo.y3.tools.io;

import dev.flinkyomo.annotation.Internal;

/**
 * Input the tool cannot accept (bad hex, a JSON value that does not fit its type, a packet that is
 * not a record). The message is one line and names where the problem is; the CLI prints it and
 * exits with code 2, like a {@link dev.flinkyomo.y3.Y3Exception}.
 */
@Internal
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
