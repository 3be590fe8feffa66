package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.Tag;

import java.io.Serializable;

/** Chooses the YoMo data tag (uint32) a sink element is written with. */
@PublicEvolving
@FunctionalInterface
public interface TagSelector<IN> extends Serializable {

    long tagOf(IN element);

    /** Every element gets {@code tag}. */
    static <IN> TagSelector<IN> fixed(long tag) {
        Tag.checkUsable(tag, "tag");
        return element -> tag;
    }
}
