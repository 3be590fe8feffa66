package dev.flinkyomo.wasm;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the module's integration tests share the shape of: one task manager, 2 slots. */
public final class TestClusters {

    private TestClusters() {}

    public static MiniClusterExtension oneTaskManagerTwoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
