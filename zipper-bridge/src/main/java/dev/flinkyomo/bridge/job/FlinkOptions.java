package dev.flinkyomo.bridge.job;

import org.apache.flink.configuration.Configuration;

import java.util.Map;

/**
 * Flink options a user sets beside the bridge's own: the workflow's {@code flink.config} and the
 * command line's {@code -D key=value}. They go into one {@link Configuration} that is both the
 * embedded cluster's and the job's (or, with {@code --jobmanager}, the submitted job's).
 */
public final class FlinkOptions {

    private FlinkOptions() {}

    /**
     * {@code bridge} (checkpointing into the state directory, a restore path), then {@code file}
     * ({@code flink.config}), then {@code commandLine} ({@code -D}): a later one wins.
     */
    public static Configuration merge(
            Configuration bridge, Map<String, String> file, Map<String, String> commandLine) {
        Configuration conf = new Configuration(bridge);
        conf.addAll(Configuration.fromMap(file));
        conf.addAll(Configuration.fromMap(commandLine));
        return conf;
    }
}
