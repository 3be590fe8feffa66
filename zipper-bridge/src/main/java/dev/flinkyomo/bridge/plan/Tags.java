package dev.flinkyomo.bridge.plan;

import java.util.Collection;
import java.util.stream.Collectors;

/** Formats YoMo data tags the way YoMo code writes them: {@code 0x33}. */
public final class Tags {

    private Tags() {}

    public static String hex(long tag) {
        return "0x" + Long.toHexString(tag);
    }

    public static String list(Collection<Long> tags) {
        return tags.isEmpty()
                ? "-"
                : tags.stream().sorted().map(Tags::hex).collect(Collectors.joining(", "));
    }
}
