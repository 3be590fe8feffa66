package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.List;

/**
 * The metadata keys YoMo itself writes into frame metadata (a msgpack string map on the wire). This
 * is their one definition; the codec, the record type, the sinks and the Wasm host read them from
 * here.
 */
@PublicEvolving
public final class MetadataKeys {

    /** The transaction id, set by a source on each frame and carried through every function. */
    public static final String TID = "yomo-tid";

    /** The id of the source client that wrote the first frame of a transaction. */
    public static final String SOURCE_ID = "yomo-source-id";

    /**
     * Restricts delivery to stream functions whose wanted target equals it (see {@link Routing}).
     */
    public static final String TARGET = "yomo-target";

    /** Distributed tracing, carried forward untouched. */
    public static final String TRACE_ID = "yomo-trace-id";

    /** Distributed tracing, carried forward untouched. */
    public static final String SPAN_ID = "yomo-span-id";

    /** Distributed tracing: whether the trace is sampled. */
    public static final String SAMPLED = "yomo-sampled";

    /** A stream function's wanted target, as some YoMo versions echo it. */
    public static final String WANTED_TARGET = "yomo-wanted-target";

    /** The source's name, as some YoMo versions write it. */
    public static final String SOURCE = "yomo-source";

    /** Every key above, most frequent first: a decoder may intern these. */
    public static final List<String> WELL_KNOWN =
            List.of(TID, SOURCE_ID, TARGET, TRACE_ID, SPAN_ID, SAMPLED, WANTED_TARGET, SOURCE);

    private MetadataKeys() {}
}
