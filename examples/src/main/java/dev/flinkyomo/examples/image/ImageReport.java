package dev.flinkyomo.examples.image;

import dev.flinkyomo.bridge.job.EmbeddedRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What an image run did: frames sent, window lines written, frames rejected. */
public record ImageReport(
        EmbeddedRunner.Outcome outcome,
        long sent,
        List<String> windows,
        List<String> rejected,
        Path windowFile) {

    static ImageReport read(
            EmbeddedRunner.Outcome outcome, long sent, Path windowFile, Path rejectedFile)
            throws IOException {
        return new ImageReport(outcome, sent, lines(windowFile), lines(rejectedFile), windowFile);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public String summary() {
        return String.format(
                "image example %s: sent %d frames; %d windows of per-frame statistics averaged into %s;"
                        + " %d frames rejected",
                outcome.name().toLowerCase(), sent, windows.size(), windowFile, rejected.size());
    }
}
