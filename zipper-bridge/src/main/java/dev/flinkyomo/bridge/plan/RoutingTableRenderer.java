package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.bridge.config.DurationParser;
import dev.flinkyomo.bridge.config.ExtraSink;
import dev.flinkyomo.bridge.config.FlinkSettings;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.config.ZipperConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/** The human-readable routing table that {@code zipper-bridge plan} prints. */
@Internal
public final class RoutingTableRenderer {

    private RoutingTableRenderer() {}

    public static String render(RoutingPlan plan) {
        ZipperConfig c = plan.config();
        StringBuilder out = new StringBuilder();
        out.append("zipper '")
                .append(c.name())
                .append("' from ")
                .append(c.file())
                .append(" (")
                .append(c.generation())
                .append(")\n");
        out.append("listener: YoMo sources connect to ")
                .append(c.listenAddress())
                .append(" (QUIC, ALPN yomo), auth: ")
                .append(c.auth().map(a -> a.type()).orElse("none"))
                .append('\n');
        out.append(
                "routing (YoMo v1.6): functions run in list order; a record goes to every later function"
                        + " observing its tag\n");
        out.append(
                plan.ordered()
                        ? "connected stream functions (yomo run, YoMo's SDK) may dial the listener"
                                + " if the list names them: they keep their places in the list,"
                                + " like the functions in the job\n\n"
                        : "connected stream functions (yomo run, YoMo's SDK) may dial the listener:"
                                + " they get every record of the tags they observe, and what they"
                                + " write comes back as a source's record\n\n");
        out.append(stageTable(plan)).append('\n');
        out.append("outputs:\n");
        for (MeshPeer peer : c.mesh()) {
            out.append("  mesh  ").append(peer.name()).append(' ').append(peer.address());
            if (peer.name().equals(c.name())) {
                out.append(": skipped, it is this zipper\n");
            } else {
                out.append(peer.credential().map(cr -> " (credential " + cr + ")").orElse(""))
                        .append(": every record from sources and functions\n");
            }
        }
        for (ExtraSink sink : plan.sinks()) {
            out.append("  ").append(sink.kind().spelling());
            sink.path().ifPresent(p -> out.append("  ").append(p));
            out.append(": ")
                    .append(
                            sink.functionOutputsOnly()
                                    ? "what the functions write"
                                    : "tags " + Tags.list(sink.tags()))
                    .append('\n');
        }
        if (c.mesh().isEmpty() && plan.sinks().isEmpty()) {
            out.append("  none: add flink.sinks (print, file) or a mesh to see results\n");
        }
        FlinkSettings f = c.flink();
        out.append("\nflink: parallelism ")
                .append(f.parallelism())
                .append(", checkpointing ")
                .append(
                        f.checkpointInterval()
                                .map(d -> "every " + DurationParser.format(d))
                                .orElse("off"))
                .append(", functions dir ")
                .append(f.functionsDir())
                .append('\n');
        return out.toString();
    }

    /** A table row at its place in the workflow; unplaced awaited functions sort last. */
    private record PlacedRow(int place, String[] cells) {}

    private static String stageTable(RoutingPlan plan) {
        List<PlacedRow> placed = new ArrayList<>();
        for (Stage s : plan.stages()) {
            placed.add(
                    new PlacedRow(
                            s.number(),
                            new String[] {
                                String.valueOf(s.number()),
                                s.name(),
                                s.function().kind().label(),
                                Tags.list(s.function().observedTags()),
                                String.join(", ", plan.upstreamsOf(s.number())),
                                s.function().location()
                            }));
        }
        for (FunctionRef f : plan.awaited()) {
            OptionalInt place = plan.placeOf(f);
            placed.add(
                    new PlacedRow(
                            place.orElse(Integer.MAX_VALUE),
                            new String[] {
                                place.isPresent() ? String.valueOf(place.getAsInt()) : "-",
                                f.name(),
                                "connected",
                                "its handshake's",
                                place.isPresent()
                                        ? String.join(", ", plan.upstreamsOf(place.getAsInt()))
                                        : "every record",
                                "awaited: connects to " + plan.config().listenAddress()
                            }));
        }
        placed.sort(Comparator.comparingInt(PlacedRow::place));
        List<String[]> rows = new ArrayList<>();
        rows.add(
                new String[] {
                    "#", "function", "kind", "observes", "receives from", "implementation"
                });
        placed.forEach(r -> rows.add(r.cells()));
        if (rows.size() == 1) {
            return "  (no stream functions in the job: records from sources go straight to the"
                    + " outputs)\n";
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(
                        i == row.length - 1
                                ? row[i]
                                : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }
}
