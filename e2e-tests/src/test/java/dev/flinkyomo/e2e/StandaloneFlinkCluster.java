package dev.flinkyomo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Flink session cluster on loopback: one JobManager and one or more TaskManagers,
 * each in its own JVM, started from Flink's Maven artifacts ({@link E2eArtifacts#flinkClasspath()}
 * plays the role of flink-dist's lib/ and holds no flink-yomo class). Jobs reach it only through
 * its REST port, as they would a production cluster.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

    /** flink-container's entry point for application mode (what Flink's Docker image runs). */
    private static final String APPLICATION_JOB_MANAGER =
            "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";

    /**
     * What flink-dist's config.yaml passes every JVM on Java 17 ({@code env.java.default-opts.all},
     * the opens part): Flink's CLI and an application JobManager, which run user {@code main}s,
     * need {@code java.util} open (DataStream V2's translator registration, present here through
     * flink-datastream).
     */
    static final List<String> JAVA_17_OPENS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final int taskManagerCount;
    private final int slots;
    private final Map<String, String> extraConfig;
    private final int restPort;
    private final String classpath;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    /** The JobManager's entry point, its arguments after the dynamic properties, environment. */
    private String jobManagerClass = JOB_MANAGER;

    private List<String> jobManagerArgs = List.of();
    private Map<String, String> jobManagerEnv = Map.of();

    /** TaskManager processes by resource id ({@code taskmanager.resource-id}), in start order. */
    private final Map<String, Process> taskManagers = new LinkedHashMap<>();

    /**
     * Stops the processes if the test JVM is ended before {@link #close()} (e.g. Ctrl-C on Maven).
     */
    private final Thread reaper =
            new Thread(() -> processes.forEach(Process::destroyForcibly), "flink-cluster-reaper");

    private StandaloneFlinkCluster(
            Path workDir,
            int taskManagerCount,
            int slots,
            Map<String, String> extraConfig,
            String classpath) {
        this.workDir = workDir;
        this.taskManagerCount = taskManagerCount;
        this.slots = slots;
        this.extraConfig = Map.copyOf(extraConfig);
        this.classpath = classpath;
        this.restPort = freePort();
    }

    /** Starts both processes and waits until the TaskManager has registered its slots. */
    public static StandaloneFlinkCluster start(Path workDir, int slots, Duration timeout)
            throws IOException, InterruptedException {
        return start(workDir, 1, slots, Map.of(), timeout);
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManager processes with {@code slots} slots
     * each, and waits until all slots are registered. With more than one TaskManager, each gets the
     * resource id {@code tm-<i>} (what REST reports as a subtask's {@code taskmanager-id}) and the
     * log {@code taskmanager-<i>.log}. {@code extraConfig} is added to config.yaml (e.g. heartbeat
     * settings).
     */
    public static StandaloneFlinkCluster start(
            Path workDir,
            int taskManagers,
            int slots,
            Map<String, String> extraConfig,
            Duration timeout)
            throws IOException, InterruptedException {
        if (taskManagers < 1) {
            throw new IllegalArgumentException("taskManagers must be >= 1, got " + taskManagers);
        }
        return launch(
                new StandaloneFlinkCluster(
                        workDir, taskManagers, slots, extraConfig, E2eArtifacts.flinkClasspath()),
                timeout);
    }

    /**
     * An application cluster, as Flink's Docker image and the Kubernetes operator start one: the
     * JobManager is {@code StandaloneApplicationClusterEntryPoint} with {@code --job-classname},
     * the user's jar in {@code usrlib/} (found through {@code FLINK_LIB_DIR}'s parent, as in the
     * image), and the program's arguments; it runs {@code main} itself and needs no submission. One
     * TaskManager with {@code slots} slots.
     */
    public static StandaloneFlinkCluster startApplication(
            Path workDir,
            int slots,
            Path userJar,
            String jobClassName,
            List<String> programArgs,
            Duration timeout)
            throws IOException, InterruptedException {
        StandaloneFlinkCluster cluster =
                new StandaloneFlinkCluster(
                        workDir, 1, slots, Map.of(), E2eArtifacts.flinkClasspath());
        Path usrlib = Files.createDirectories(workDir.resolve("usrlib"));
        Files.createDirectories(workDir.resolve("lib"));
        Files.copy(userJar, usrlib.resolve(userJar.getFileName()));
        cluster.jobManagerClass = APPLICATION_JOB_MANAGER;
        List<String> args = new ArrayList<>(List.of("--job-classname", jobClassName));
        args.addAll(programArgs);
        cluster.jobManagerArgs = args;
        cluster.jobManagerEnv = Map.of("FLINK_LIB_DIR", workDir.resolve("lib").toString());
        return launch(cluster, timeout);
    }

    private static StandaloneFlinkCluster launch(StandaloneFlinkCluster cluster, Duration timeout)
            throws IOException, InterruptedException {
        try {
            cluster.launch(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A fresh directory for a cluster's conf and logs, under target/ so a failed CI run can be read
     * afterwards.
     */
    public static Path workDir(String name) {
        return Path.of("target", "flink-cluster-" + name + "-" + System.currentTimeMillis())
                .toAbsolutePath();
    }

    public int restPort() {
        return restPort;
    }

    public String restAddress() {
        return "localhost:" + restPort;
    }

    /** The directory of config.yaml, for Flink's CLI ({@code FLINK_CONF_DIR}). */
    public Path confDir() {
        return workDir.resolve("conf");
    }

    public Path logDir() {
        return workDir.resolve("log");
    }

    private void launch(Duration timeout) throws IOException, InterruptedException {
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        Files.createDirectories(logDir());
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: localhost",
                        "jobmanager.rpc.port: " + freePort(),
                        "jobmanager.bind-host: localhost",
                        "jobmanager.memory.process.size: 768m",
                        "taskmanager.bind-host: localhost",
                        "taskmanager.host: localhost",
                        "taskmanager.numberOfTaskSlots: " + slots,
                        "taskmanager.memory.process.size: 1280m",
                        "rest.address: localhost",
                        "rest.bind-address: localhost",
                        "rest.port: " + restPort,
                        "io.tmp.dirs: " + tmp,
                        "parallelism.default: 1",
                        "slot.request.timeout: 60000",
                        extraConfig.entrySet().stream()
                                .map(e -> e.getKey() + ": " + e.getValue())
                                .reduce("", (a, b) -> a + b + "\n")));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = FileAppender",
                        "appender.file.name = FileAppender",
                        "appender.file.type = FILE",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        ""));
        Runtime.getRuntime().addShutdownHook(reaper);
        List<List<String>> jmParams = resourceParams("GET_JM_RESOURCE_PARAMS", conf);
        List<String> jmJvm = new ArrayList<>(jmParams.get(0));
        if (!jobManagerArgs.isEmpty()) {
            jmJvm.addAll(JAVA_17_OPENS); // it runs the user's main()
        }
        List<String> jmArgs = new ArrayList<>(jmParams.get(1));
        jmArgs.addAll(jobManagerArgs); // the program's arguments come last
        processes.add(
                spawn(jobManagerClass, "jobmanager", conf, List.of(jmJvm, jmArgs), jobManagerEnv));
        List<List<String>> tmParams = resourceParams("GET_TM_RESOURCE_PARAMS", conf);
        if (taskManagerCount == 1) {
            processes.add(spawn(TASK_MANAGER, "taskmanager", conf, tmParams, Map.of()));
        } else {
            for (int i = 0; i < taskManagerCount; i++) {
                String id = "tm-" + i;
                List<String> dynamic = new ArrayList<>(tmParams.get(1));
                dynamic.add("-D");
                dynamic.add("taskmanager.resource-id=" + id);
                Process p =
                        spawn(
                                TASK_MANAGER,
                                "taskmanager-" + i,
                                conf,
                                List.of(tmParams.get(0), dynamic),
                                Map.of());
                processes.add(p);
                taskManagers.put(id, p);
            }
        }
        awaitSlots(timeout);
    }

    /**
     * What flink-dist's scripts do before starting a process: BashJavaUtils derives the JVM memory
     * flags and the dynamic properties (memory sizes, cpu cores) from config.yaml.
     */
    private List<List<String>> resourceParams(String command, Path conf)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                conf.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
        }
        List<List<String>> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                String value = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                results.add(value.isEmpty() ? List.of() : List.of(value.split("\\s+")));
            }
        }
        if (results.size() < 2) {
            throw new IllegalStateException("unexpected BashJavaUtils output:\n" + out);
        }
        return results;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process spawn(
            String mainClass,
            String name,
            Path conf,
            List<List<String>> params,
            Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(params.get(0));
        cmd.add("-Dlog.file=" + logDir().resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(conf.toString());
        cmd.addAll(params.get(1));
        ProcessBuilder builder =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(logDir().resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private void awaitSlots(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern total = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "a Flink process exited with "
                                    + p.exitValue()
                                    + "; see "
                                    + logDir()
                                    + "\n"
                                    + logTails());
                }
            }
            String overview = getOrNull("/overview");
            if (overview != null) {
                Matcher m = total.matcher(overview);
                if (m.find() && Integer.parseInt(m.group(1)) >= slots * taskManagerCount) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "cluster not ready within " + timeout + "; see " + logDir() + "\n" + logTails());
    }

    /** Resource ids of the TaskManagers started with more than one ({@code tm-0}, ...). */
    public List<String> taskManagerIds() {
        return List.copyOf(taskManagers.keySet());
    }

    /** The process id of a TaskManager started with more than one. */
    public long taskManagerPid(String resourceId) {
        return taskManager(resourceId).pid();
    }

    /** Whether a TaskManager process is still alive. */
    public boolean isAlive(String resourceId) {
        return taskManager(resourceId).isAlive();
    }

    /**
     * Kills a TaskManager process with {@code kill -9} (SIGKILL: no shutdown hook, no goodbye to
     * the JobManager, its sockets closed by the kernel) and waits until it is gone.
     */
    public void kill9(String resourceId) throws IOException, InterruptedException {
        Process p = taskManager(resourceId);
        Process kill =
                new ProcessBuilder("kill", "-9", String.valueOf(p.pid()))
                        .redirectErrorStream(true)
                        .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException(
                    "kill -9 "
                            + p.pid()
                            + " failed: "
                            + new String(kill.getInputStream().readAllBytes()));
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager " + resourceId + " survived kill -9");
        }
    }

    private Process taskManager(String resourceId) {
        Process p = taskManagers.get(resourceId);
        if (p == null) {
            throw new IllegalArgumentException(
                    "no TaskManager " + resourceId + "; have " + taskManagers.keySet());
        }
        return p;
    }

    /**
     * The {@code taskmanager-id} of the RUNNING subtask 0 of the job's vertex whose name contains
     * {@code vertexName}, from {@code /jobs/:id} and {@code /jobs/:id/vertices/:vid}; empty while
     * there is none.
     */
    public Optional<String> taskManagerRunning(String jobId, String vertexName)
            throws IOException, InterruptedException {
        return Optional.ofNullable(taskManagersRunning(jobId, vertexName).get(0));
    }

    /**
     * The {@code taskmanager-id} of each RUNNING subtask (by index) of the job's vertex whose name
     * contains {@code vertexName}, from {@code /jobs/:id/vertices/:vid}; empty while there is none.
     */
    public Map<Integer, String> taskManagersRunning(String jobId, String vertexName)
            throws IOException, InterruptedException {
        Optional<String> vertex = vertexId(jobId, vertexName);
        String details =
                vertex.isEmpty() ? null : getOrNull("/jobs/" + jobId + "/vertices/" + vertex.get());
        Map<Integer, String> running = new TreeMap<>();
        if (details != null) {
            for (JsonNode subtask : JSON.readTree(details).path("subtasks")) {
                if ("RUNNING".equals(subtask.path("status").asText())
                        && subtask.hasNonNull("taskmanager-id")) {
                    running.put(
                            subtask.path("subtask").asInt(),
                            subtask.path("taskmanager-id").asText());
                }
            }
        }
        return running;
    }

    /**
     * The id of the job's first vertex whose name contains {@code vertexName}, from {@code
     * /jobs/:id}; empty while the job is unknown or has no such vertex.
     */
    public Optional<String> vertexId(String jobId, String vertexName)
            throws IOException, InterruptedException {
        String job = getOrNull("/jobs/" + jobId);
        if (job == null) {
            return Optional.empty();
        }
        for (JsonNode vertex : JSON.readTree(job).path("vertices")) {
            if (vertex.path("name").asText().contains(vertexName)) {
                return Optional.of(vertex.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /**
     * The value of one subtask's metric whose id ends with {@code metricSuffix} (operator metrics
     * are prefixed with the operator's name), from {@code /jobs/:id/vertices/:vid/subtasks/:i/
     * metrics}; empty until the JobManager has fetched it (every {@code
     * metrics.fetcher.update-interval}). String gauges come as they are.
     */
    public Optional<String> subtaskMetric(
            String jobId, String vertexId, int subtask, String metricSuffix)
            throws IOException, InterruptedException {
        String base = "/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/" + subtask;
        String list = getOrNull(base + "/metrics");
        if (list == null) {
            return Optional.empty();
        }
        for (JsonNode metric : JSON.readTree(list)) {
            String id = metric.path("id").asText();
            if (!id.endsWith(metricSuffix)) {
                continue;
            }
            String values =
                    getOrNull(
                            base + "/metrics?get=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            if (values == null) {
                return Optional.empty();
            }
            for (JsonNode value : JSON.readTree(values)) {
                if (id.equals(value.path("id").asText()) && value.has("value")) {
                    return Optional.of(value.path("value").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** The log file of a TaskManager started with more than one ({@code taskmanager-<i>.log}). */
    public Path taskManagerLog(String resourceId) {
        taskManager(resourceId);
        return logDir().resolve("taskmanager-" + resourceId.substring("tm-".length()) + ".log");
    }

    /** The last lines of every process log, for failure messages in CI output. */
    public String logTails() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(logDir())) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("---- ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 25), lines.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e).append(')');
        }
        return sb.toString();
    }

    /** GET on the REST API; null while the server is not answering. */
    public String getOrNull(String path) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r =
                    http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (ConnectException | HttpTimeoutException e) {
            return null; // not up yet, or too busy starting to answer
        }
    }

    /**
     * Cancels a job as the web UI and {@code flink cancel} do: {@code PATCH /jobs/:id?mode=cancel}.
     */
    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        request("/jobs/" + jobId + "?mode=cancel")
                                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException(
                    "cancelling job " + jobId + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .timeout(Duration.ofSeconds(5));
    }

    /** Waits for a job to reach one of the given states, by polling /jobs/:id. */
    public String awaitJobState(String jobId, Duration timeout, String... states)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern state = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
        String last = null;
        while (System.nanoTime() < deadline) {
            String body = getOrNull("/jobs/" + jobId);
            if (body != null) {
                Matcher m = state.matcher(body);
                if (m.find()) {
                    last = m.group(1);
                    for (String s : states) {
                        if (s.equals(last)) {
                            return last;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "job " + jobId + " still " + last + " after " + timeout + "; see " + logDir());
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // already shutting down, or never registered (launch failed before)
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
