package dev.flinkyomo.examples.image;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.simulator.ImageGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camera -> QUIC -> Flink -> C Wasm frame_stats -> count windows: every window's averages exactly.
 */
class ImageExampleITCase {

    @TempDir Path out;

    @Test
    void windowsAverageWhatTheWasmFunctionMeasuredPerFrame() throws Exception {
        int frames = 60;
        int window = 10;
        StringWriter log = new StringWriter();
        ImageExample.Settings s =
                new ImageExample.Settings(
                        Duration.ofSeconds(10),
                        Duration.ofMillis(20),
                        (long) frames,
                        48,
                        32,
                        window,
                        0,
                        out,
                        "0");

        ImageReport report = ImageExample.run(s, new PrintWriter(log, true));

        assertThat(report.outcome()).as(log.toString()).isEqualTo(EmbeddedRunner.Outcome.STOPPED);
        assertThat(report.sent()).isEqualTo(frames);
        assertThat(report.rejected()).isEmpty();
        assertThat(report.windows())
                .containsExactlyElementsOf(expectedWindows(frames, window, 48, 32));
    }

    /** The windows computed without Flink or Wasm: generator frames through the Java oracle. */
    private static List<String> expectedWindows(int frames, int window, int w, int h) {
        ImageGenerator camera = new ImageGenerator(w, h);
        List<String> windows = new ArrayList<>();
        FrameWindowAverages avg = new FrameWindowAverages();
        FrameWindowAverages.Acc acc = avg.createAccumulator();
        for (int seq = 0; seq < frames; seq++) {
            int[] st = FrameStatsOracle.stats(camera.frame(seq));
            acc = avg.add(new FrameStats("camera-1", "t" + seq, w, h, st[0], st[1]), acc);
            if (acc.frames == window) {
                windows.add(avg.getResult(acc).toString());
                acc = avg.createAccumulator();
            }
        }
        return windows;
    }
}
