package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import dev.flinkyomo.connector.yomo.source.reader.LatenessObservingStrategy;

/**
 * Watermark helpers for {@link YomoSource}.
 *
 * <p>The source gives every device its own watermark (see {@link
 * AbstractYomoSourceBuilder#setPerDeviceWatermarks}); the timestamps a {@code WatermarkStrategy}
 * assigns, and the watermarks it generates, stay inside Flink's source operator, where the reader
 * cannot see them. {@link #withLatenessMetrics} wraps the strategy so they are observed where they
 * are made, in the per-device generators, and reported in the source's {@code yomo} metric group:
 *
 * <ul>
 *   <li>{@code numLateRecords}: records whose assigned timestamp is at or behind the watermark the
 *       subtask had already emitted when they arrived, the records a window downstream drops as
 *       late unless its allowed lateness covers them;
 *   <li>{@code maxDeviceWatermarkLag} / {@code minDeviceWatermarkLag}: now minus the watermark of
 *       the most / least lagging active device, in ms (Flink's {@code watermarkLag}, per device);
 *       their difference is the clock skew by which the slowest device holds the watermark back.
 * </ul>
 *
 * <p>SQL tables apply it to their {@code WATERMARK} clause themselves.
 */
@PublicEvolving
public final class YomoWatermarks {

    private YomoWatermarks() {}

    /**
     * {@code strategy} unchanged in what it assigns and generates (idleness and alignment
     * included), plus the metrics above.
     */
    public static <T> WatermarkStrategy<T> withLatenessMetrics(WatermarkStrategy<T> strategy) {
        return new LatenessObservingStrategy<>(strategy);
    }
}
