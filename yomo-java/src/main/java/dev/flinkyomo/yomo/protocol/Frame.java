package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * One YoMo frame in a generation-neutral form. The final protocol maps onto it one to one; the 2021
 * profile maps its handshake and data frames onto {@link HandshakeFrame} and {@link DataFrame} (see
 * {@link LegacyFrameCodec}).
 */
@PublicEvolving
public sealed interface Frame
        permits HandshakeFrame,
                HandshakeAckFrame,
                RejectedFrame,
                GoawayFrame,
                ConnectToFrame,
                DataFrame,
                AckFrame {

    FrameType type();
}
