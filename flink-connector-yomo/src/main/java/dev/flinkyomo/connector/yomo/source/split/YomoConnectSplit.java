package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

/**
 * One stream-function connection to a zipper, owned by one source subtask. The zipper's address,
 * observed tags and credential belong to the source, not the split: a restored split dials the
 * configured zipper again (which may redirect it with ConnectTo again).
 */
@Internal
public record YomoConnectSplit(int subtaskIndex, long framesEmitted) implements YomoSplit {

    private static final String PREFIX = "connect-";

    public YomoConnectSplit {
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException(
                    "subtask index must not be negative: " + subtaskIndex);
        }
    }

    @Override
    public String splitId() {
        return PREFIX + subtaskIndex;
    }

    @Override
    public YomoConnectSplit withFramesEmitted(long frames) {
        return new YomoConnectSplit(subtaskIndex, frames);
    }
}
