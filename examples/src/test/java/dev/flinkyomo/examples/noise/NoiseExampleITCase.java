package dev.flinkyomo.examples.noise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.common.ExampleFiles;
import dev.flinkyomo.examples.simulator.NoiseGenerator;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped noise example (examples/noise/workflow.yaml as it is) end to end: simulated sensor ->
 * QUIC -> the bridge's job on an embedded Flink -> the Rust Wasm noise function -> result file.
 */
class NoiseExampleITCase {

    private static final long SEED = 5;

    @Test
    void everyReadingComesOutDividedByTenAndLoudOnesAlsoAsAlerts() throws Exception {
        StringWriter log = new StringWriter();
        NoiseExample.Settings settings =
                new NoiseExample.Settings(
                        ExampleFiles.locate("noise/workflow.yaml"),
                        Duration.ofSeconds(9),
                        Duration.ofMillis(25),
                        0,
                        SEED,
                        "0");

        NoiseReport report = NoiseExample.run(settings, new PrintWriter(log, true));

        assertThat(report.outcome()).as(log.toString()).isEqualTo(EmbeddedRunner.Outcome.STOPPED);
        assertThat(report.sent()).as("readings sent in ~4 s at 25 ms").isGreaterThan(40);
        assertThat(report.results()).hasSize((int) report.sent());

        ObjectMapper json = new ObjectMapper();
        Random sensor = new Random(SEED);
        List<String> loudTids = new ArrayList<>();
        long lastTime = 0;
        for (String line : report.results()) {
            assertThat(line).startsWith("[noise] tag=0x34 tid=");
            JsonNode r = json.readTree(NoiseReport.payload(line));
            double sent = Double.parseDouble(NoiseGenerator.goFloat32(sensor.nextFloat() * 200));
            assertThat(r.get("noise").doubleValue()).isEqualTo(sent / 10);
            assertThat(r.get("from").textValue()).isEqualTo("noise-sensor");
            assertThat(r.get("time").longValue()).isGreaterThanOrEqualTo(lastTime);
            lastTime = r.get("time").longValue();
            if (sent / 10 >= 16) {
                loudTids.add(tid(line));
            }
        }
        assertThat(loudTids).as("seed %d gives some loud readings", SEED).isNotEmpty();
        assertThat(report.alerts().stream().map(NoiseExampleITCase::tid).toList())
                .isEqualTo(loudTids);
        assertThat(report.alerts())
                .allSatisfy(
                        a ->
                                assertThat(
                                                json.readTree(NoiseReport.payload(a))
                                                        .get("alert")
                                                        .textValue())
                                        .isEqualTo("noise"));
        Set<String> tids =
                report.results().stream().map(NoiseExampleITCase::tid).collect(Collectors.toSet());
        assertThat(tids)
                .as("each reading has its own YoMo transaction id")
                .hasSize(report.results().size());
        assertThat(log.toString()).contains("web UI http://").contains("tag 0x33");
    }

    private static String tid(String line) {
        int at = line.indexOf(" tid=") + 5;
        return line.substring(at, line.indexOf(' ', at));
    }
}
