package dev.flinkyomo.bridge.job;

import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink job graph as text for {@code zipper-bridge plan}: rendered from the JobGraph Flink
 * itself generates for the built environment, so it shows the real operator chains, their
 * parallelism and the edges between tasks.
 */
public final class JobGraphRenderer {

    private JobGraphRenderer() {}

    public static String render(StreamExecutionEnvironment env) {
        JobGraph graph = env.getStreamGraph(false).getJobGraph();
        List<JobVertex> vertices = graph.getVerticesSortedTopologicallyFromSources();
        Map<JobVertex, Integer> numbers = new HashMap<>();
        StringBuilder out =
                new StringBuilder(
                        "Flink job graph ("
                                + vertices.size()
                                + (vertices.size() == 1 ? " task" : " tasks")
                                + ", operators chained with ->):\n");
        for (JobVertex v : vertices) {
            int n = numbers.size() + 1;
            numbers.put(v, n);
            out.append("  [")
                    .append(n)
                    .append("] ")
                    .append(v.getName())
                    .append("  (parallelism ")
                    .append(v.getParallelism())
                    .append(')');
            for (JobEdge in : v.getInputs()) {
                Integer from = numbers.get(in.getSource().getProducer());
                out.append("\n      <- [")
                        .append(from)
                        .append("] ")
                        .append(in.getShipStrategyName());
            }
            out.append('\n');
        }
        return out.toString();
    }
}
