package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The client journal ({@link AckOptions#withJournal}) cannot be used: it is damaged (the message
 * names the file and the byte offset), belongs to another producer, is locked by another client, or
 * cannot be read or written. {@link YomoClient#start()} throws it rather than start without the
 * frames the journal holds.
 */
@PublicEvolving
public final class AckJournalException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public AckJournalException(String message) {
        super(message);
    }

    public AckJournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
