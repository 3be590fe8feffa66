package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.y3.Y3Writer;

/** Reads and writes one Java value type as a Y3 value. */
@Internal
interface PojoValueCodec {

    /** Whether the value is a node on the wire (POJOs, lists, arrays). */
    boolean isNode();

    /** Decodes the value bytes; throws {@code Y3Exception} with offsets {@code index - base}. */
    Object read(byte[] buf, int off, int len, int base);

    void write(Y3Writer writer, int key, Object value);
}
