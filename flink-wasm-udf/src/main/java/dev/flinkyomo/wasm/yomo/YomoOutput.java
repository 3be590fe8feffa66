package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.Tag;

import java.util.Arrays;
import java.util.Objects;

/** One {@code ctx.Write} of a stream function: tag, data and, for write-with-target, the target. */
@PublicEvolving
public final class YomoOutput {

    private final long tag;
    private final byte[] data;
    private final String target;

    public YomoOutput(long tag, byte[] data, String target) {
        this.tag = tag;
        this.data = Objects.requireNonNull(data);
        this.target = target;
    }

    /** The tag as a YoMo uint32. */
    public long tag() {
        return tag;
    }

    public byte[] data() {
        return data;
    }

    /** The target of {@code yomo_write_with_target}, or null for a plain write. */
    public String target() {
        return target;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof YomoOutput)) {
            return false;
        }
        YomoOutput that = (YomoOutput) o;
        return tag == that.tag
                && Arrays.equals(data, that.data)
                && Objects.equals(target, that.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, Arrays.hashCode(data), target);
    }

    @Override
    public String toString() {
        return "YomoOutput{tag="
                + Tag.format(tag)
                + ", "
                + data.length
                + " bytes"
                + (target == null ? "" : ", target=" + target)
                + "}";
    }
}
