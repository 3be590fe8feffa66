package dev.flinkyomo.formats.y3.testsource;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static registry behind the {@code y3-test-source} connector: tests put Y3 records under an id
 * before running SQL, and read the format's counters afterwards (MiniCluster runs in this JVM).
 */
public final class Y3TestRecords {

    private static final Map<String, List<byte[]>> RECORDS = new ConcurrentHashMap<>();
    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

    private Y3TestRecords() {}

    public static void register(String dataId, List<byte[]> records) {
        RECORDS.put(dataId, List.copyOf(records));
    }

    static List<byte[]> records(String dataId) {
        List<byte[]> records = RECORDS.get(dataId);
        if (records == null) {
            throw new IllegalArgumentException("no records registered under '" + dataId + "'");
        }
        return records;
    }

    /** A counter the format registered under {@code name} for tables reading {@code dataId}. */
    public static Counter counter(String dataId, String name) {
        return COUNTERS.computeIfAbsent(dataId + "/" + name, k -> new SimpleCounter());
    }
}
