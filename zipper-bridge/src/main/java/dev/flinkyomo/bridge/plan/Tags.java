package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.Tag;

import java.util.Collection;
import java.util.stream.Collectors;

/** Lists YoMo data tags for the plan and the logs: {@code 0x33, 0x34}, or {@code -}. */
@Internal
public final class Tags {

    private Tags() {}

    public static String list(Collection<Long> tags) {
        return tags.isEmpty()
                ? "-"
                : tags.stream().sorted().map(Tag::format).collect(Collectors.joining(", "));
    }
}
