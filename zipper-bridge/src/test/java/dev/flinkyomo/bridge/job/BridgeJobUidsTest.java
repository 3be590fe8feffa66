package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;

import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.testutil.TestPlans;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operator of the bridge's job has a uid, and they are these: checkpoints and savepoints name
 * state by uid, so changing one breaks resuming from what an earlier bridge version retained.
 */
class BridgeJobUidsTest {

    @Test
    void everyOperatorHasItsFixedUid() throws Exception {
        RoutingPlan plan =
                TestPlans.plan(
                        "name: z\nhost: 127.0.0.1\nport: 9000\nfunctions:\n"
                                + "  - name: test-upper\n  - name: test-suffix\ndownstreams:\n  far: {host: f, port: 9001}\n"
                                + "flink:\n  sinks: [{type: print}, {type: file, path: out.txt}]\n");
        assertThat(uids(plan))
                .containsExactlyInAnyOrder(
                        "yomo-listener",
                        "bus",
                        "stage-1-test-upper",
                        "stage-2-test-suffix",
                        "mesh-records-far",
                        "mesh-far",
                        "sink-0-select",
                        "sink-0-format",
                        "sink-0-print",
                        "sink-1-select",
                        "sink-1-format",
                        "sink-1-file",
                        "connected-functions");
    }

    /**
     * With checkpoints the file sink is {@code LineFileSink}, whose committer is an operator of its
     * own with state (the committables of completed checkpoints): its uid derives from the sink's.
     */
    @Test
    void withCheckpointsTheFileSinkCommitterHasAFixedUidToo() throws Exception {
        RoutingPlan plan =
                TestPlans.plan(
                        "name: z\nhost: 127.0.0.1\nport: 9000\nfunctions:\n  - name: test-upper\n"
                                + "flink:\n  checkpoint-interval: 1s\n  sinks: [{type: file, path: out.txt}]\n");
        assertThat(uids(plan))
                .containsExactlyInAnyOrder(
                        "yomo-listener",
                        "bus",
                        "stage-1-test-upper",
                        "sink-0-select",
                        "sink-0-format",
                        "sink-0-file",
                        "Sink Committer: sink-0-file",
                        "connected-functions");
    }

    private static List<String> uids(RoutingPlan plan) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new BridgeJobBuilder(plan).build(env, new YomoListenerSource(), new YomoMeshSinks("z"));
        return env.getStreamGraph().getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .toList();
    }
}
