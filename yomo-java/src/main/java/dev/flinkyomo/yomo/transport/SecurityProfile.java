package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * What a {@link YomoListener} does at start when it runs with one of YoMo's insecure defaults: no
 * token (anyone may send), a self-signed certificate (clients cannot tell it from an impostor), or
 * the 2021 protocol accepted (it carries no credentials). See {@link SecurityPosture}.
 */
@PublicEvolving
public enum SecurityProfile {
    /** YoMo's defaults work, with one WARN at start naming each weakness and its fix. */
    DEFAULT,
    /** The listener refuses to start while any of the weaknesses holds, naming each. */
    STRICT
}
