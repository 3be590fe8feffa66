package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.Tag;

import java.util.List;
import java.util.Objects;

/**
 * The first frame a client sends. Field order here is Go's encode order. Absent string fields are
 * empty strings, as in Go; {@code version} is empty for the 2021 profile, which had none.
 *
 * @param clientType the raw type byte (see {@link ClientType}); unknown values are kept so a server
 *     can name them when it refuses them
 * @param observeDataTags uint32 data tags a stream function observes (empty for sources)
 * @param functionDefinition LLM tool JSON of AI stream functions; carried, not interpreted
 * @param ackVersion the acknowledgement extension's version the client asks for (yomo-java/ACKS.md,
 *     field {@code 0x20}); 0 = not asked, and then neither extension field is written
 * @param producerId the producer id of the extension (field {@code 0x21}); empty when not asked
 */
@PublicEvolving
public record HandshakeFrame(
        String name,
        String id,
        int clientType,
        List<Long> observeDataTags,
        String authName,
        String authPayload,
        String version,
        String functionDefinition,
        String wantedTarget,
        int ackVersion,
        String producerId)
        implements Frame {

    /** The longest producer id, in UTF-8 bytes (ACKS.md). */
    public static final int MAX_PRODUCER_ID_BYTES = 128;

    public HandshakeFrame {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(authName, "authName");
        Objects.requireNonNull(authPayload, "authPayload");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(functionDefinition, "functionDefinition");
        Objects.requireNonNull(wantedTarget, "wantedTarget");
        Objects.requireNonNull(producerId, "producerId");
        if (ackVersion < 0) {
            throw new IllegalArgumentException("ack version must be >= 0, got " + ackVersion);
        }
        if (clientType < 0 || clientType > 0xFF) {
            throw new IllegalArgumentException("client type must be one byte, got " + clientType);
        }
        observeDataTags = List.copyOf(observeDataTags);
        for (Long tag : observeDataTags) {
            Tag.checkValid(tag, "observed tag");
        }
    }

    /** A stock handshake: no acknowledgements asked for. */
    public HandshakeFrame(
            String name,
            String id,
            int clientType,
            List<Long> observeDataTags,
            String authName,
            String authPayload,
            String version,
            String functionDefinition,
            String wantedTarget) {
        this(
                name,
                id,
                clientType,
                observeDataTags,
                authName,
                authPayload,
                version,
                functionDefinition,
                wantedTarget,
                0,
                "");
    }

    /** A handshake of the final protocol with the current version and no auth or tags. */
    public static HandshakeFrame of(String name, String id, ClientType type) {
        return new HandshakeFrame(
                name, id, type.code(), List.of(), "", "", YomoProtocol.VERSION, "", "");
    }

    public HandshakeFrame withObserveDataTags(List<Long> tags) {
        return new HandshakeFrame(
                name,
                id,
                clientType,
                tags,
                authName,
                authPayload,
                version,
                functionDefinition,
                wantedTarget,
                ackVersion,
                producerId);
    }

    /** A stream function's wanted target (YoMo's {@code sfn.SetWantedTarget}); empty for none. */
    public HandshakeFrame withWantedTarget(String target) {
        return new HandshakeFrame(
                name,
                id,
                clientType,
                observeDataTags,
                authName,
                authPayload,
                version,
                functionDefinition,
                target,
                ackVersion,
                producerId);
    }

    /** YoMo's {@code WithCredential("name:payload")}: split at the first colon. */
    public HandshakeFrame withCredential(String credential) {
        int colon = credential.indexOf(':');
        String n = colon < 0 ? credential : credential.substring(0, colon);
        String p = colon < 0 ? "" : credential.substring(colon + 1);
        return new HandshakeFrame(
                name,
                id,
                clientType,
                observeDataTags,
                n,
                p,
                version,
                functionDefinition,
                wantedTarget,
                ackVersion,
                producerId);
    }

    public HandshakeFrame withVersion(String newVersion) {
        return new HandshakeFrame(
                name,
                id,
                clientType,
                observeDataTags,
                authName,
                authPayload,
                newVersion,
                functionDefinition,
                wantedTarget,
                ackVersion,
                producerId);
    }

    /** Asks for acknowledgements (version {@link AckFrame#VERSION}) as producer {@code id}. */
    public HandshakeFrame withAcknowledgements(String id) {
        return new HandshakeFrame(
                name,
                this.id,
                clientType,
                observeDataTags,
                authName,
                authPayload,
                version,
                functionDefinition,
                wantedTarget,
                AckFrame.VERSION,
                id);
    }

    /** True if the client asks for acknowledgements. */
    public boolean asksForAcknowledgements() {
        return ackVersion != 0;
    }

    @Override
    public FrameType type() {
        return FrameType.HANDSHAKE;
    }

    @Override
    public String toString() {
        // never print the auth payload (a token)
        return "HandshakeFrame{name="
                + name
                + ", id="
                + id
                + ", clientType="
                + ClientType.describe(clientType)
                + ", observeDataTags="
                + observeDataTags
                + ", authName="
                + authName
                + ", version="
                + version
                + (wantedTarget.isEmpty() ? "" : ", wantedTarget=" + wantedTarget)
                + (ackVersion == 0
                        ? ""
                        : ", ackVersion=" + ackVersion + ", producerId=" + producerId)
                + '}';
    }
}
