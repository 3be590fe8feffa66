package dev.flinkyomo.benchmarks.harness;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.util.concurrent.TimeUnit;

/**
 * One embedded MiniCluster (one TaskManager, one slot) that stays up for a harness's whole run, so
 * no round measures a cluster's start-up. Jobs run until {@link #cancel}.
 */
public final class SharedMiniCluster {

    private static MiniCluster cluster;

    private SharedMiniCluster() {}

    public static JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(jobName);
        JobGraph graph = streamGraph.getJobGraph();
        return cluster().submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    }

    /** Cancels the job and waits until it has released its slot for the next round. */
    public static void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
        while (!cluster.getJobStatus(job).get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
            Thread.sleep(20);
        }
    }

    private static synchronized MiniCluster cluster() throws Exception {
        if (cluster == null) {
            Configuration conf = new Configuration();
            // any free port on loopback: a fixed 8081 failed the run when another process on the
            // machine had it (BindException from the REST endpoint, 2026-12-07)
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.BIND_PORT, "0");
            cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(conf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(1)
                                    .build());
            cluster.start();
        }
        return cluster;
    }
}
