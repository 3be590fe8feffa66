package dev.flinkyomo.yomo.transport;

/**
 * How a listener divides its memory budget {@code B}, so that no mix of slow, paused or hostile
 * clients makes it hold more:
 *
 * <pre>
 *   B >= queue                      the frame queue's byte limit, plus one frame it may take beyond
 *      + frames                     frame memory: large frames being received, frames parked while
 *                                   the queue is full (max(max-frame-size, B/4))
 *      + connections x (allowance   64 KiB of splitter array every connection may hold
 *                      + 2 x window QUIC flow-control credit: what quiche buffers, natively, for a
 *                                   connection that is not being read)
 * </pre>
 *
 * {@code connections} is every connection the listener admits at once: {@code max-connections}
 * authenticated and {@code max-pending-connections} awaiting their handshake. The stream window is
 * the rest of the budget divided by the connections, capped by the configured stream window: 512
 * MiB for 1,024 + 256 connections with the default 16 MiB queue leaves each about 109 KiB of
 * window, which still carries a device's frames at full speed over loopback and a LAN. A budget
 * that leaves less than {@value #MIN_STREAM_WINDOW} bytes of window is refused with the numbers,
 * rather than giving every device a window too small to send a frame in one round trip.
 *
 * <p>quiche grows the credit of a connection that is read fast (up to its own fixed maximum, which
 * Netty does not expose); a slow or paused client is not read fast, so its credit stays at the
 * initial window this plan sets.
 */
record ListenerMemoryPlan(
        long budget, long queueBytes, long frameMemory, int connections, int streamWindow) {

    /** Splitter array a connection holds without asking: Y3PacketReader's retained capacity. */
    static final int CONNECTION_ALLOWANCE = 64 * 1024;

    /** Below this a 16 KiB frame no longer fits in one window. */
    static final int MIN_STREAM_WINDOW = 16 * 1024;

    /**
     * @param queueMaxBytes the queue's byte limit, or {@code Long.MAX_VALUE} for a queue bounded by
     *     count only (then the queue is outside the budget, which covers the listener's own
     *     buffers)
     */
    static ListenerMemoryPlan of(ListenerOptions options, long queueMaxBytes) {
        int connections = options.maxConnections() + options.maxPendingConnections();
        long budget = options.memoryBudget();
        long queue = queueMaxBytes == Long.MAX_VALUE ? 0 : queueMaxBytes + options.maxFrameSize();
        long frames = Math.max(options.maxFrameSize(), budget / 4);
        long perConnection = (budget - queue - frames) / connections - CONNECTION_ALLOWANCE;
        long window = Math.min(options.streamWindow(), perConnection / 2);
        if (window < Math.min(MIN_STREAM_WINDOW, options.streamWindow())) {
            long needed =
                    queue
                            + options.maxFrameSize()
                            + (long) connections * (CONNECTION_ALLOWANCE + 2L * MIN_STREAM_WINDOW);
            throw new IllegalArgumentException(
                    options.name()
                            + ": a memory budget of "
                            + budget
                            + " bytes cannot serve "
                            + connections
                            + " connections: each needs "
                            + CONNECTION_ALLOWANCE
                            + " bytes of frame buffer and at least 2 x "
                            + MIN_STREAM_WINDOW
                            + " bytes of flow-control window, next to the queue ("
                            + queue
                            + " bytes) and frame memory (at least max-frame-size, "
                            + options.maxFrameSize()
                            + " bytes); raise the memory budget to at least "
                            + needed
                            + " bytes or admit fewer connections");
        }
        return new ListenerMemoryPlan(budget, queue, frames, connections, (int) window);
    }

    /** The worst case this plan allows, at most the budget. */
    long worstCase() {
        return queueBytes
                + frameMemory
                + (long) connections * (CONNECTION_ALLOWANCE + 2L * streamWindow);
    }

    @Override
    public String toString() {
        return "memory budget "
                + budget
                + " bytes >= queue "
                + queueBytes
                + " + frames "
                + frameMemory
                + " + "
                + connections
                + " connections x ("
                + CONNECTION_ALLOWANCE
                + " + 2 x window "
                + streamWindow
                + ") = "
                + worstCase();
    }
}
