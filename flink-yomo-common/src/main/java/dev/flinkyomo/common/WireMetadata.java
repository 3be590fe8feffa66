package dev.flinkyomo.common;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * {@link YomoMetadata} still in YoMo's wire form: the msgpack bytes of one received frame, which no
 * one else writes (the source hands them over, and they are only ever handed out as copies).
 * Records derived from or copied from one record share the same instance.
 */
@Internal
final class WireMetadata implements YomoMetadata {

    private static final long serialVersionUID = 1L;

    /** Marks a looked-up target that is absent (null marks "not looked up yet"). */
    private static final String NO_TARGET = new String("no target");

    private final byte[] encoded;

    /**
     * The value of {@code yomo-target}, once looked up ({@link #NO_TARGET}: absent). The Wasm
     * operator reads it for every input (YoMo's routing check) and {@code derive} reads it again
     * for every output, which shares this instance: one scan of the msgpack per input instead of
     * two. The second scan was about 5% of the operator's time, and remembering the lookup moved
     * WasmPipelineBenchmark uppercase 32 B from 1.82x-1.90x to 1.66x-1.73x of the Java job
     * (BENCHMARKS.md). Only this key: it is the one read per record on the hot path. One field
     * holding an immutable String, so a racy read sees either nothing or a right value (as with
     * String's own hash); it does not change the value, equality or serialized form.
     */
    private transient String target;

    WireMetadata(byte[] encoded) {
        this.encoded = encoded == null ? new byte[0] : encoded;
    }

    /** With the target already looked up (null: absent), as the receiver's validation found it. */
    WireMetadata(byte[] encoded, String target) {
        this(encoded);
        this.target = target == null ? NO_TARGET : target;
    }

    @Override
    public String get(String key) {
        if (!MetadataKeys.TARGET.equals(key)) {
            return MetadataCodec.find(encoded, key);
        }
        String t = target;
        if (t == null) {
            t = MetadataCodec.find(encoded, key);
            target = t == null ? NO_TARGET : t;
            return t;
        }
        return t == NO_TARGET ? null : t;
    }

    @Override
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(MetadataCodec.decodeOwned(encoded));
    }

    @Override
    public byte[] wireBytes() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof WireMetadata && Arrays.equals(encoded, ((WireMetadata) o).encoded)) {
            return true; // same bytes, same map: no decode needed
        }
        return this == o
                || (o instanceof YomoMetadata && asMap().equals(((YomoMetadata) o).asMap()));
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return MetadataText.of(asMap());
    }
}
