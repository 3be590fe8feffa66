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
        String wantedTarget)
        implements Frame {

    public HandshakeFrame {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(authName, "authName");
        Objects.requireNonNull(authPayload, "authPayload");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(functionDefinition, "functionDefinition");
        Objects.requireNonNull(wantedTarget, "wantedTarget");
        if (clientType < 0 || clientType > 0xFF) {
            throw new IllegalArgumentException("client type must be one byte, got " + clientType);
        }
        observeDataTags = List.copyOf(observeDataTags);
        for (Long tag : observeDataTags) {
            Tag.checkValid(tag, "observed tag");
        }
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
                wantedTarget);
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
                wantedTarget);
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
                wantedTarget);
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
                + '}';
    }
}
