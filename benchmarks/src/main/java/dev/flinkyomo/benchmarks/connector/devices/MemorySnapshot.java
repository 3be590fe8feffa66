package dev.flinkyomo.benchmarks.connector.devices;

/**
 * The listener process's memory at one moment, in KiB: resident set, Java heap after GC (used and
 * committed), and NMT's committed total. The harness starts the listener with a fixed, pre-touched
 * heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so the heap is resident and constant and
 * RSS grows only by native memory. {@link #untrackedKiB()} is RSS minus the heap and minus what NMT
 * tracks outside it: the native libraries' own mallocs (quiche, BoringSSL), which the JVM does not
 * see. (NMT counts committed memory, part of which, e.g. thread stacks, is never touched, so this
 * estimate is low rather than high.)
 */
record MemorySnapshot(
        long rssKiB,
        long heapUsedKiB,
        long heapCommittedKiB,
        long nmtCommittedKiB,
        long nmtNonHeapKiB) {

    static MemorySnapshot of(ListenerProcess listener) throws Exception {
        long[] heap = listener.heapAfterGc();
        ProcessProbe.NativeMemory nmt = listener.probe().nativeMemory();
        return new MemorySnapshot(
                listener.probe().rssKiB(), heap[0], heap[1], nmt.committedKiB(), nmt.nonHeapKiB());
    }

    long untrackedKiB() {
        return rssKiB - heapCommittedKiB - nmtNonHeapKiB;
    }

    @Override
    public String toString() {
        return String.format(
                "RSS %d MiB, heap used %d MiB (committed %d MiB), JVM non-heap %d MiB, untracked"
                        + " native %d MiB",
                rssKiB / 1024,
                heapUsedKiB / 1024,
                heapCommittedKiB / 1024,
                nmtNonHeapKiB / 1024,
                untrackedKiB() / 1024);
    }
}
