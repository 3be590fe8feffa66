package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.List;

/**
 * A stream function connected to a listener, as seen at one moment.
 *
 * @param name and {@code id}: as the function's handshake gave them (untrusted: escape before
 *     logging)
 * @param observedTags the tags it observes, in handshake order
 * @param wantedTarget its wanted target; empty for none
 * @param framesDelivered frames written to it since it connected
 */
@PublicEvolving
public record ConnectedFunction(
        String name,
        String id,
        List<Long> observedTags,
        String wantedTarget,
        String remoteAddress,
        long framesDelivered) {}
