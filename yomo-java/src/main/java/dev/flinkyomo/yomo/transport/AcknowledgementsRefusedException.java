package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The zipper did not grant the acknowledgements this client requires ({@link
 * AckOptions#required()}): a stock YoMo zipper, or a listener without producer positions. Retrying
 * the same zipper would not help, so the client stops.
 */
@PublicEvolving
public class AcknowledgementsRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AcknowledgementsRefusedException(String reason) {
        super(reason);
    }
}
