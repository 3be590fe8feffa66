package dev.flinkyomo.bridge.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;

import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.testutil.TestPlans;
import dev.flinkyomo.common.YomoRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan}'s job graph comes from Flink's own JobGraph of the built job. */
class JobGraphRendererTest {

    @Test
    void showsChainedStagesSinksAndTheirEdges() throws Exception {
        RoutingPlan plan =
                TestPlans.plan(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n"
                                + "  - name: test-upper\n  - name: test-suffix\ndownstreams:\n  far: {host: f, port: 9001}\n"
                                + "flink:\n  parallelism: 2\n  sinks: [{type: print}]\n");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        new BridgeJobBuilder(plan)
                .build(
                        env,
                        (e, c) ->
                                e.fromData(YomoRecord.of(0x33, new byte[] {1}))
                                        .name("test")
                                        .setParallelism(1),
                        (records, peer) ->
                                records.addSink(new DiscardingSink<>())
                                        .name("Mesh sink " + peer.name()));
        String text = JobGraphRenderer.render(env);

        assertThat(text)
                .startsWith("Flink job graph (2 tasks, operators chained with ->):\n")
                .contains("[1] Source: test  (parallelism 1)")
                .contains(
                        "[2] Bus -> Stage 1: test-upper (java) -> Stage 2: test-suffix (java) -> (")
                .contains("Mesh: far -> Sink: Mesh sink far")
                .contains("Select: print -> Format: print -> Sink: Print")
                .contains("(parallelism 2)\n      <- [1] REBALANCE");
    }
}
