package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The two integer value encodings behind one TLV layout. Frames of every YoMo release since
 * v1.4.0-beta and payloads of y3 >= 1.0.1 use {@link #NVARINT}; payloads of y3-codec-golang (yomo
 * <= v1.3.7) use {@link #PVARINT}. Lengths are always PVarInt32 either way.
 */
@PublicEvolving
public enum IntegerEncoding {
    NVARINT {
        @Override
        public int size32(int v) {
            return NVarInt.size32(v);
        }

        @Override
        public int size64(long v) {
            return NVarInt.size64(v);
        }

        @Override
        public int write32(int v, byte[] dst, int off) {
            return NVarInt.write32(v, dst, off);
        }

        @Override
        public int write64(long v, byte[] dst, int off) {
            return NVarInt.write64(v, dst, off);
        }

        @Override
        public int read32(byte[] buf, int off, int len, int base) {
            return NVarInt.decodeValue32(buf, off, len, base);
        }

        @Override
        public long read64(byte[] buf, int off, int len, int base) {
            return NVarInt.decodeValue64(buf, off, len, base);
        }
    },
    PVARINT {
        @Override
        public int size32(int v) {
            return PVarInt.size32(v);
        }

        @Override
        public int size64(long v) {
            return PVarInt.size64(v);
        }

        @Override
        public int write32(int v, byte[] dst, int off) {
            return PVarInt.write32(v, dst, off);
        }

        @Override
        public int write64(long v, byte[] dst, int off) {
            return PVarInt.write64(v, dst, off);
        }

        @Override
        public int read32(byte[] buf, int off, int len, int base) {
            return PVarInt.decodeValue32(buf, off, len, base);
        }

        @Override
        public long read64(byte[] buf, int off, int len, int base) {
            return PVarInt.decodeValue64(buf, off, len, base);
        }
    };

    public abstract int size32(int v);

    public abstract int size64(long v);

    public abstract int write32(int v, byte[] dst, int off);

    public abstract int write64(long v, byte[] dst, int off);

    /** Reads a 32-bit integer filling exactly {@code len} bytes; offsets reported minus base. */
    public abstract int read32(byte[] buf, int off, int len, int base);

    public abstract long read64(byte[] buf, int off, int len, int base);
}
