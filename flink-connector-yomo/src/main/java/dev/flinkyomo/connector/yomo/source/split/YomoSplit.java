package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * What one source subtask serves: a QUIC listener that YoMo sources dial ({@link
 * YomoListenerSplit}, listen mode) or a stream-function connection to a zipper ({@link
 * YomoConnectSplit}, connect mode). Neither is a slice of data: after failover the same subtask
 * gets the same split back and listens or dials again.
 *
 * <p>{@code framesEmitted} is bookkeeping today (stock YoMo peers have no acknowledgements, so
 * delivery is at-most-once). It marks where an acknowledgement extension keeps its positions in a
 * later serializer version.
 */
@Internal
public sealed interface YomoSplit extends SourceSplit permits YomoListenerSplit, YomoConnectSplit {

    int subtaskIndex();

    long framesEmitted();

    /** The same split with another emitted-frames count. */
    YomoSplit withFramesEmitted(long framesEmitted);
}
