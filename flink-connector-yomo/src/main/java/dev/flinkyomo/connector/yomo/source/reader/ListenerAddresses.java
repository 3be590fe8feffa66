package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import java.net.InetSocketAddress;

/**
 * Told where a split's listener bound and when it closed. The source passes {@code
 * YomoListenerRegistry}'s methods, so the reader package needs nothing from the source package
 * (which builds the readers: the other way round would be a package cycle).
 */
@Internal
public interface ListenerAddresses {

    void bound(String listenerName, int subtaskIndex, InetSocketAddress address);

    void closed(String listenerName, int subtaskIndex, InetSocketAddress address);
}
