package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.transport.ConnectedFunctions;

import java.net.InetSocketAddress;

/**
 * Told where a split's listener bound and when it closed, and which stream functions it serves. The
 * source passes {@code YomoListenerRegistry}'s methods, so the reader package needs nothing from
 * the source package (which builds the readers: the other way round would be a package cycle).
 */
@Internal
public interface ListenerAddresses {

    void bound(String listenerName, int subtaskIndex, InetSocketAddress address);

    void closed(String listenerName, int subtaskIndex, InetSocketAddress address);

    /** The split's listener serves stream functions (until {@link #stoppedServing}). */
    void serving(String listenerName, int subtaskIndex, ConnectedFunctions functions);

    void stoppedServing(String listenerName, int subtaskIndex, ConnectedFunctions functions);
}
