package dev.flinkyomo.examples.noise;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.yomo.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a noise run did: readings sent, and the noise function's outputs found in the result file
 * (lines {@code [noise] tag=0x34 tid=... {json}}).
 */
public record NoiseReport(
        EmbeddedRunner.Outcome outcome,
        long sent,
        List<String> results,
        List<String> alerts,
        Path resultFile) {

    /** Output tags of wasm-guests/rust-noise: every reading / 10, and alerts when that is >= 16. */
    public static final long RESULT_TAG = 0x34;

    public static final long ALERT_TAG = 0x35;

    static NoiseReport read(EmbeddedRunner.Outcome outcome, long sent, Path resultFile)
            throws IOException {
        List<String> lines = Files.exists(resultFile) ? Files.readAllLines(resultFile) : List.of();
        return new NoiseReport(
                outcome, sent, withTag(lines, RESULT_TAG), withTag(lines, ALERT_TAG), resultFile);
    }

    private static List<String> withTag(List<String> lines, long tag) {
        String marker = " tag=" + Tag.format(tag) + " ";
        return lines.stream().filter(l -> l.contains(marker)).toList();
    }

    /** The JSON payload of a result line. */
    public static String payload(String line) {
        int brace = line.indexOf('{');
        if (brace < 0) {
            throw new IllegalArgumentException("not a JSON result line: " + line);
        }
        return line.substring(brace);
    }

    public String summary() {
        return String.format(
                "noise example %s: sent %d readings; the noise function wrote %d results (tag 0x34) and %d"
                        + " alerts (tag 0x35, noise/10 >= 16) to %s",
                outcome.name().toLowerCase(), sent, results.size(), alerts.size(), resultFile);
    }
}
