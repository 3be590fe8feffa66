package dev.flinkyomo.benchmarks.harness;

/**
 * Rounds of a baseline then a candidate, alternating, so a slow phase of the machine hits both
 * sides alike; medians of each side and of the per-round ratios (candidate / baseline), which on a
 * busy machine is steadier than the ratio of the medians.
 */
public final class PairedRounds {

    /** One side of a round: events per second. */
    @FunctionalInterface
    public interface Side {
        double rate() throws Exception;
    }

    /**
     * @param perRound the per-round ratios as percentages, e.g. {@code "94% 88% 91%"}
     */
    public record Result(
            double baselineMedian, double candidateMedian, double ratioMedian, String perRound) {}

    private PairedRounds() {}

    public static Result run(int rounds, Side baseline, Side candidate) throws Exception {
        double[] base = new double[rounds];
        double[] cand = new double[rounds];
        double[] ratio = new double[rounds];
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            base[r] = baseline.rate();
            cand[r] = candidate.rate();
            ratio[r] = cand[r] / base[r];
            perRound.append(String.format("%s%.0f%%", r == 0 ? "" : " ", 100 * ratio[r]));
        }
        return new Result(
                Rates.median(base), Rates.median(cand), Rates.median(ratio), perRound.toString());
    }
}
