package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.Collector;

/** Wraps each value a payload schema decodes in a {@link YomoDecodeResult}. */
@Internal
final class DecodeResultCollector<T> implements Collector<T> {
    Collector<YomoDecodeResult<T>> out;

    @Override
    public void collect(T value) {
        out.collect(YomoDecodeResult.ofValue(value));
    }

    @Override
    public void close() {}
}
