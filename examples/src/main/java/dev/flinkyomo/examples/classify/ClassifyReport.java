package dev.flinkyomo.examples.classify;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.simulator.DiscFrameGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the example's labels say against what the cameras showed. A camera's frames reach the job in
 * order on one QUIC stream and the job keeps that order (parallelism 1, ML_PREDICT's ordered
 * output), so the camera's k-th label is for its k-th frame.
 */
public record ClassifyReport(
        EmbeddedRunner.Outcome outcome,
        List<Long> sent,
        Map<String, Map<String, Integer>> counts,
        int labelled,
        int agreeing,
        List<String> disagreements) {

    static ClassifyReport read(EmbeddedRunner.Outcome outcome, List<Long> sent, Path labels)
            throws IOException {
        List<String> lines = Files.exists(labels) ? Files.readAllLines(labels) : List.of();
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, Long> nextSeq = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        int agreeing = 0;
        int labelled = 0;
        for (String line : lines) {
            if (line.startsWith("rejected ")) {
                disagreements.add(line);
                continue;
            }
            labelled++;
            String[] f = line.split(" ");
            String camera = f[0];
            String label = f[1];
            counts.computeIfAbsent(camera, c -> new TreeMap<>()).merge(label, 1, Integer::sum);
            long seq = nextSeq.merge(camera, 1L, Long::sum) - 1;
            String truth =
                    DiscFrameGenerator.label(
                            Long.parseLong(camera.substring("camera-".length())), seq);
            if (truth.equals(label)) {
                agreeing++;
            } else {
                disagreements.add(
                        camera + " frame " + seq + " showed " + truth + ", labelled " + line);
            }
        }
        return new ClassifyReport(outcome, sent, counts, labelled, agreeing, disagreements);
    }

    public long totalSent() {
        return sent.stream().mapToLong(Long::longValue).sum();
    }

    public String summary() {
        StringBuilder b =
                new StringBuilder(
                        String.format(
                                "%d frames sent, %d labelled, %d labels agree with what the camera showed",
                                totalSent(), labelled, agreeing));
        counts.forEach(
                (camera, byLabel) -> b.append("\n  ").append(camera).append(": ").append(byLabel));
        return b.toString();
    }
}
