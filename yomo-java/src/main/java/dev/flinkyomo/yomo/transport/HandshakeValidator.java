package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.YomoProtocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The listener's admission checks, in the zipper's order: version, authentication, client type.
 * Token auth is YoMo's {@code auth: {type: token, token: ...}}: auth name "token" (or empty, the
 * default method) and a payload equal to the token, compared in constant time.
 */
final class HandshakeValidator {

    static final String TOKEN_AUTH = "token";

    private final byte[] token;

    /** The listener grants acknowledgements, so it checks the producer id of those who ask. */
    private final boolean grantsAcknowledgements;

    /** Stream functions may connect (the listener serves them as a zipper does). */
    private final boolean acceptsFunctions;

    /** The workflow's functions in order; empty when functions are routed by tag alone. */
    private final List<String> workflowFunctions;

    HandshakeValidator(
            String token,
            boolean grantsAcknowledgements,
            boolean acceptsFunctions,
            List<String> workflowFunctions) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.grantsAcknowledgements = grantsAcknowledgements;
        this.acceptsFunctions = acceptsFunctions;
        this.workflowFunctions = List.copyOf(workflowFunctions);
    }

    /**
     * @return the rejection reason, or empty if the client is admitted
     */
    Optional<String> check(HandshakeFrame h, ProtocolGeneration generation) {
        // the reason goes to the log and back to the client: what the client chose is escaped
        // (Go's wording kept, so the version is escaped without quotes)
        if (generation == ProtocolGeneration.FINAL && !YomoProtocol.VERSION.equals(h.version())) {
            return Optional.of(
                    "version negotiation failed: client="
                            + LogSafe.escape(h.version(), LogSafe.NAME_CHARS)
                            + ", server="
                            + YomoProtocol.VERSION);
        }
        if (token != null) {
            if (generation == ProtocolGeneration.LEGACY_2021) {
                return Optional.of(
                        "authentication failed: the 2021 protocol carries no credentials and this"
                                + " listener requires a token");
            }
            if (!h.authName().isEmpty() && !TOKEN_AUTH.equals(h.authName())) {
                return Optional.of(
                        "authentication failed: unsupported auth method "
                                + LogSafe.quote(h.authName()));
            }
            byte[] offered = h.authPayload().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(token, offered)) {
                return Optional.of(
                        "authentication failed: wrong token for client " + LogSafe.quote(h.name()));
            }
        }
        Optional<ClientType> type = ClientType.of(h.clientType());
        if (type.isEmpty()) {
            return Optional.of("unknown client type " + ClientType.describe(h.clientType()));
        }
        if (type.get() == ClientType.STREAM_FUNCTION) {
            Optional<String> refusal = checkFunction(h, generation);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        if (grantsAcknowledgements
                && generation == ProtocolGeneration.FINAL
                && h.asksForAcknowledgements()) {
            return checkProducerId(h);
        }
        return Optional.empty();
    }

    private Optional<String> checkFunction(HandshakeFrame h, ProtocolGeneration generation) {
        if (!acceptsFunctions) {
            return Optional.of(
                    "stream function "
                            + LogSafe.quote(h.name())
                            + " cannot connect here: this listener is a Flink"
                            + " source and accepts sources (0x5F) and upstream zippers (0x5E) only");
        }
        if (!workflowFunctions.isEmpty() && !workflowFunctions.contains(h.name())) {
            return Optional.of(
                    "stream function "
                            + LogSafe.quote(h.name())
                            + " is not one of the workflow's functions "
                            + workflowFunctions.stream().map(LogSafe::quote).toList()
                            + ": a zipper with a function list admits those only (illegal sfn)");
        }
        if (generation == ProtocolGeneration.LEGACY_2021 && workflowFunctions.isEmpty()) {
            return Optional.of(
                    "stream function "
                            + LogSafe.quote(h.name())
                            + " uses the 2021 protocol, whose functions are routed by the"
                            + " workflow's order, and this zipper's workflow lists no functions"
                            + " (it routes by observed tags); connect it with a yomo >= v1.10"
                            + " SDK, or run a workflow file that lists it");
        }
        return Optional.empty();
    }

    /** ACKS.md: 1 to 128 bytes of UTF-8. */
    private static Optional<String> checkProducerId(HandshakeFrame h) {
        int bytes = h.producerId().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > HandshakeFrame.MAX_PRODUCER_ID_BYTES) {
            return Optional.of(
                    "acknowledgements asked for with a producer id of "
                            + bytes
                            + " bytes by client "
                            + LogSafe.quote(h.name())
                            + "; a producer id has 1 to "
                            + HandshakeFrame.MAX_PRODUCER_ID_BYTES
                            + " bytes");
        }
        return Optional.empty();
    }
}
