package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/**
 * Turns the value bytes of one TLV into Flink's internal data ({@code StringData}, {@code RowData},
 * boxed primitives, ...). Throws {@code Y3Exception} for bytes that do not fit the type; offsets
 * are {@code index - base}.
 */
@Internal
@FunctionalInterface
interface Y3ValueDecoder extends Serializable {
    Object decode(byte[] buf, int off, int len, int base);
}
