package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded randomized test: a million random and mutated packets go through every decoding path
 * (cursor walk with typed reads, observing decoder, incremental packet reader). The only exception
 * allowed is Y3Exception; anything else (IndexOutOfBounds, NegativeArraySize, OOM, a hang) fails.
 * Valid random trees must round-trip exactly.
 */
class Y3FuzzTest {

    private static final int PACKETS = 1_000_000;
    private static final long TIME_BUDGET_NANOS = 120_000_000_000L;
    private static final Y3Limits LIMITS = Y3Limits.of(4096, 8);

    @Test
    void millionRandomAndMutatedPacketsOnlyEverRaiseY3Exception() {
        Random random = new Random(20261126L);
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder().limits(LIMITS);
        b.observe(0x01);
        b.observe(0x10, 0x11);
        b.observe(0x10, 0x12);
        b.observe(0x3F, 0x02);
        b.observe(0x10, 0x20, 0x01);
        Y3ObservingDecoder observing = b.build();
        Y3ObservingDecoder observingFirst = b.firstOccurrenceWins(true).build();
        Y3PacketReader splitter = new Y3PacketReader(LIMITS);
        long deadline = System.nanoTime() + TIME_BUDGET_NANOS;
        int rejected = 0;
        int accepted = 0;
        byte[] input = null;
        for (int i = 0; i < PACKETS; i++) {
            if ((i & 0xFFF) == 0 && System.nanoTime() > deadline) {
                fail("time budget exhausted after " + i + " packets");
            }
            input = (i % 3 == 0) ? randomBytes(random) : mutate(validPacket(random), random);
            try {
                walk(new Y3Cursor(input, 0, input.length, LIMITS));
                observing.decode(
                        input,
                        (field, tag, buf, at, len, base) -> readEveryWay(buf, at, len, base));
                observingFirst.decode(
                        input,
                        (field, tag, buf, at, len, base) -> readEveryWay(buf, at, len, base));
                chunked(input, random, splitter);
                accepted++;
            } catch (Y3Exception expected) {
                assertThat(expected.offset()).isBetween(-1L, (long) input.length);
                rejected++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("non-Y3 failure on input " + Hex.of(input), e);
            }
        }
        assertThat(accepted + rejected).isEqualTo(PACKETS);
        // both outcomes must be well represented, or the generator is not exercising anything
        assertThat(accepted).isGreaterThan(PACKETS / 20);
        assertThat(rejected).isGreaterThan(PACKETS / 20);
    }

    @Test
    void validRandomTreesRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            IntegerEncoding enc =
                    random.nextBoolean() ? IntegerEncoding.NVARINT : IntegerEncoding.PVARINT;
            Node tree = randomNode(random, 0, 0x10);
            Y3Writer w = new Y3Writer(enc);
            tree.write(w);
            byte[] bytes = w.toByteArray();
            Y3Cursor c = new Y3Cursor(bytes);
            assertThat(c.next()).isTrue();
            assertThat(Node.read(c, enc)).isEqualTo(tree);
            assertThat(c.next()).isFalse();
        }
    }

    // ---------------------------------------------------------------- decoding paths

    private static void walk(Y3Cursor c) {
        while (c.next()) {
            if (c.isNode()) {
                walk(c.children());
            } else {
                readEveryWay(
                        c.buffer(),
                        c.valueIndex(),
                        c.valueLength(),
                        c.valueIndex() - c.valueOffset());
            }
        }
    }

    private static void readEveryWay(byte[] buf, int at, int len, int base) {
        tryRead(() -> IntegerEncoding.NVARINT.read32(buf, at, len, base));
        tryRead(() -> IntegerEncoding.NVARINT.read64(buf, at, len, base));
        tryRead(() -> IntegerEncoding.PVARINT.read32(buf, at, len, base));
        tryRead(() -> IntegerEncoding.PVARINT.read64(buf, at, len, base));
        tryRead(() -> VarFloat.decode32(buf, at, len, base));
        tryRead(() -> VarFloat.decode64(buf, at, len, base));
        tryRead(() -> Y3Values.bool(buf, at, len, base));
        tryRead(() -> Y3Values.string(buf, at, len, base));
    }

    private static void tryRead(Runnable read) {
        try {
            read.run();
        } catch (Y3Exception ignored) {
            // a value that does not fit the type it is read as: fine, as long as it is this type
        }
    }

    /**
     * Feeds input the cursor accepted to the packet splitter in random chunks: it must cut it into
     * the same number of packets and leave nothing behind. One splitter serves every input (each
     * ends on a packet boundary), as one serves a whole QUIC stream; a fresh one per input zeroed a
     * 16 KiB array a million times and blew the time budget.
     */
    private static void chunked(byte[] input, Random random, Y3PacketReader r) {
        int expected = 0;
        for (Y3Cursor c = new Y3Cursor(input, 0, input.length, LIMITS); c.next(); ) {
            expected++;
        }
        int packets = 0;
        int pos = 0;
        while (pos < input.length) {
            int n = Math.min(input.length - pos, 1 + random.nextInt(8));
            if (random.nextBoolean()) {
                r.feed(input, pos, n);
            } else { // the transport's way: written straight into the reader's array
                r.ensureWritable(n);
                System.arraycopy(input, pos, r.array(), r.writeIndex(), n);
                r.commitWritten(n);
            }
            pos += n;
            while (r.nextPacket() >= 0) {
                packets++;
                r.trim();
            }
        }
        assertThat(packets).as("packets in %s", Hex.of(input)).isEqualTo(expected);
        assertThat(r.buffered()).isZero();
    }

    // ---------------------------------------------------------------- generators

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(48)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] validPacket(Random random) {
        Y3Writer w =
                new Y3Writer(
                        random.nextBoolean() ? IntegerEncoding.NVARINT : IntegerEncoding.PVARINT);
        randomNode(random, 0, random.nextBoolean() ? 0x10 : 0x3F).write(w);
        return w.toByteArray();
    }

    private static byte[] mutate(byte[] in, Random random) {
        byte[] b = in;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    b[at] = (byte) random.nextInt(256);
                    break;
                case 2:
                    b = Arrays.copyOf(b, at);
                    break;
                case 3:
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                    break;
                case 4:
                    b[at] =
                            (byte)
                                    new int[] {0x7F, 0x80, 0xFF, 0x40, 0xC0, 0x00}
                                            [random.nextInt(6)];
                    break;
                default:
                    b = Arrays.copyOf(b, b.length + random.nextInt(4));
                    break;
            }
        }
        return b;
    }

    private static Node randomNode(Random random, int depth, int key) {
        Node n = new Node(key);
        int children = random.nextInt(depth == 0 ? 6 : 4);
        for (int i = 0; i < children; i++) {
            int childKey = random.nextInt(0x40);
            if (depth < 4 && random.nextInt(5) == 0) {
                n.children.add(randomNode(random, depth + 1, childKey));
            } else {
                n.children.add(Leaf.random(childKey, random));
            }
        }
        return n;
    }

    /** A model of a Y3 tree for round-trip checks. */
    private interface Item {
        void write(Y3Writer w);
    }

    private static final class Node implements Item {
        final int key;
        final List<Item> children = new ArrayList<>();

        Node(int key) {
            this.key = key;
        }

        @Override
        public void write(Y3Writer w) {
            w.beginNode(key);
            children.forEach(c -> c.write(w));
            w.endNode();
        }

        static Node read(Y3Cursor c, IntegerEncoding enc) {
            Node n = new Node(c.key());
            Y3Cursor kids = c.children();
            while (kids.next()) {
                n.children.add(kids.isNode() ? read(kids, enc) : Leaf.read(kids));
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node
                    && ((Node) o).key == key
                    && ((Node) o).children.equals(children);
        }

        @Override
        public int hashCode() {
            return key * 31 + children.hashCode();
        }
    }

    /** Leaves compare by their encoded bytes, and each knows how to check its typed value. */
    private static final class Leaf implements Item {
        final int key;
        final byte[] value;

        Leaf(int key, byte[] value) {
            this.key = key;
            this.value = value;
        }

        static Leaf random(int key, Random random) {
            Y3Writer tmp =
                    new Y3Writer(
                            random.nextBoolean()
                                    ? IntegerEncoding.NVARINT
                                    : IntegerEncoding.PVARINT);
            switch (random.nextInt(6)) {
                case 0:
                    tmp.int32(key, random.nextInt());
                    break;
                case 1:
                    tmp.int64(key, random.nextLong() >> random.nextInt(64));
                    break;
                case 2:
                    tmp.float32(key, random.nextFloat() * 1000);
                    break;
                case 3:
                    tmp.float64(key, random.nextGaussian());
                    break;
                case 4:
                    tmp.string(key, "s" + random.nextInt(1000));
                    break;
                default:
                    byte[] b = new byte[random.nextInt(100)];
                    random.nextBytes(b);
                    tmp.bytes(key, b);
                    break;
            }
            Y3Cursor c = new Y3Cursor(tmp.toByteArray());
            c.next();
            return read(c);
        }

        static Leaf read(Y3Cursor c) {
            return new Leaf(c.key(), c.bytes());
        }

        @Override
        public void write(Y3Writer w) {
            w.bytes(key, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leaf
                    && ((Leaf) o).key == key
                    && Arrays.equals(((Leaf) o).value, value);
        }

        @Override
        public int hashCode() {
            return key * 31 + Arrays.hashCode(value);
        }
    }
}
