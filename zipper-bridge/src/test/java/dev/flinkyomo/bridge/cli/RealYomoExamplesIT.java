package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.transport.YomoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, YoMo's own examples as a differential test: each example of yomo v1.18.10, built
 * unmodified by {@code interop/real-yomo/build-examples.sh}, runs twice on the same config file
 * ({@code example/config.yaml}, port 9000, which the examples hard-code): once with {@code yomo
 * serve} as its zipper, once with {@code zipper-bridge run} (a separate JVM, the CLI's main class,
 * stopped with SIGTERM as Ctrl-C). What the functions print is normalised (log timestamps dropped,
 * random values masked, concurrent handlers' lines sorted) and the two runs must be equal; within
 * each run the values a function prints are checked against what the source sent. Raw logs and a
 * summary go to {@code target/real-yomo-examples/}. The variants run one after the other.
 */
@EnabledIfSystemProperty(named = "yomo.real.bin", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealYomoExamplesIT {

    private static final int PORT = 9000; // hard-coded by the examples
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Pattern LOG_PREFIX =
            Pattern.compile("^(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d |time=\\S+ )");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

    private static Path bin;
    private static Path examples;
    private static Path config;
    private static Path out;
    private static final Map<String, String> SUMMARY = new TreeMap<>();

    enum Zipper {
        YOMO_SERVE,
        ZIPPER_BRIDGE
    }

    @BeforeAll
    static void locate() throws IOException {
        bin = Path.of(System.getProperty("yomo.real.bin")).toAbsolutePath();
        examples = bin.resolve("examples");
        config = examples.resolve("config.yaml");
        assertThat(config)
                .as("run interop/real-yomo/build.sh and build-examples.sh first")
                .exists();
        out = Path.of("target", "real-yomo-examples").toAbsolutePath();
        Files.createDirectories(out);
    }

    @AfterAll
    static void summary() throws IOException {
        StringBuilder sb = new StringBuilder();
        SUMMARY.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        Files.writeString(out.resolve("summary.txt"), sb.toString());
        System.out.println("RealYomoExamplesIT summary\n" + sb);
    }

    // ---------------------------------------------------------------- 0-basic

    @Test
    @Order(1)
    void basic() throws Exception {
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("0-basic", z);
            try (Zip zip = startZipper(z, dir);
                    Proc sfn = Proc.start(dir, "sfn", exe("0-basic-sfn"), info())) {
                sfn.await(l -> l.contains("connected to zipper"), READY);
                Proc source = Proc.start(dir, "source", exe("0-basic-source"), info());
                assertThat(source.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(2000);
                sfn.close();
                List<String> sent =
                        extract(
                                source.lines(),
                                Pattern.compile("✅ Emit to YoMo-Zipper\" data=\"(\\{[^}]*})"));
                List<String> got =
                        extract(sfn.lines(), Pattern.compile("\\[sfn] got=51 data=\"(\\{[^}]*})"));
                // Within the run: the function receives what the source sent (6 logged writes);
                // the 7th write, right before Source.Close, is not logged and may be lost.
                assertThat(sent).as(z + " source").hasSize(6);
                assertThat(got).as(z + " sfn got").containsAll(sent);
                List<String> extra = new ArrayList<>(got);
                extra.removeAll(sent);
                assertThat(extra)
                        .as(z + " received beyond the logged writes")
                        .hasSizeLessThanOrEqualTo(1);
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put(
                        "sfn (logged writes)",
                        mask(
                                sorted(
                                        got.stream()
                                                .filter(sent::contains)
                                                .map(s -> "got=51 data=" + s)
                                                .toList())));
                runs.put(z, o);
                SUMMARY.put(
                        "0-basic " + z,
                        "source logged "
                                + sent.size()
                                + " writes, sfn received "
                                + got.size()
                                + " ("
                                + extra.size()
                                + " unlogged 7th write)");
            }
        }
        compare("0-basic", runs);
    }

    // ---------------------------------------------------------------- 3-multi-sfn

    @Test
    @Order(2)
    void multiSfn() throws Exception {
        int n = 10;
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("3-multi-sfn", z);
            List<Proc> fns = new ArrayList<>();
            try (Zip zip = startZipper(z, dir)) {
                for (int i = 1; i <= 4; i++) {
                    fns.add(Proc.start(dir, "fn-" + i, exe("3-multi-sfn-fn-" + i), info()));
                }
                for (Proc f : fns) {
                    f.await(l -> l.contains("connected to zipper"), READY);
                }
                Proc source = Proc.start(dir, "source", exe("3-multi-sfn-source"), info());
                source.await(countOf(source, "✅ Emit", n), Duration.ofSeconds(60));
                source.close(); // the source writes every 500 ms forever: stopped after n writes
                Thread.sleep(3000);
                fns.forEach(Proc::close);
                List<String> sentTimes =
                        extract(
                                source.lines(),
                                Pattern.compile("✅ Emit \\{\\S+ (\\d+) localhost}"));
                List<Double> sentNoise =
                        numbers(
                                source.lines(),
                                Pattern.compile("✅ Emit \\{(\\S+) \\d+ localhost}"));
                List<String> fn4Times =
                        extract(
                                fns.get(3).lines(),
                                Pattern.compile("\\[fn4] receive <- .*\"time\":(\\d+)"));
                List<Double> fn1 =
                        numbers(fns.get(0).lines(), Pattern.compile("> value: (\\S+) ⚡"));
                List<Double> fn2 =
                        numbers(fns.get(1).lines(), Pattern.compile("receive noise value: (\\S+)"));
                List<Double> fn3 =
                        numbers(fns.get(2).lines(), Pattern.compile("\\[fn3] observe <- (\\S+)"));
                // Within the run: fn4 and fn1 see the source's writes (0x10), fn2 sees fn1's
                // (0x14),
                // fn3 sees fn2's (0x15); values as printed (%f / %v), compared to 1e-5.
                assertThat(sorted(fn4Times)).as(z + " fn4").isEqualTo(sorted(sentTimes));
                assertClose(
                        z + " fn1 = noise/10", fn1, sentNoise.stream().map(v -> v / 10).toList());
                assertClose(z + " fn2 = fn1", fn2, fn1);
                assertClose(z + " fn3 = fn2", fn3, fn2);
                long over = fn2.stream().filter(v -> v >= 16).count();
                assertThat(
                                fns.get(1).lines().stream()
                                        .filter(l -> l.contains("reaches the threshold"))
                                        .count())
                        .as(z + " fn2 alerts")
                        .isEqualTo(over);
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("fn-1", mask(sorted(grep(fns.get(0).lines(), "> value:"))));
                o.put("fn-2", mask(sorted(grep(fns.get(1).lines(), "receive noise value"))));
                o.put("fn-3", mask(sorted(grep(fns.get(2).lines(), "[fn3] observe"))));
                o.put("fn-4", mask(sorted(grep(fns.get(3).lines(), "[fn4] receive"))));
                runs.put(z, o);
                long averages =
                        fns.get(2).lines().stream()
                                .filter(l -> l.contains("average value"))
                                .count();
                SUMMARY.put(
                        "3-multi-sfn " + z,
                        "source "
                                + sentTimes.size()
                                + " writes; fn1 "
                                + fn1.size()
                                + ", fn2 "
                                + fn2.size()
                                + " ("
                                + over
                                + " alerts), fn3 "
                                + fn3.size()
                                + " (+"
                                + averages
                                + " sliding averages, timer-driven, not compared), fn4 "
                                + fn4Times.size());
            } finally {
                fns.forEach(Proc::close);
            }
        }
        compare("3-multi-sfn", runs);
    }

    // ---------------------------------------------------------------- a-target-and-cron

    @Test
    @Order(3)
    void targetAndCron() throws Exception {
        int n = 6;
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("a-target-and-cron", z);
            try (Zip zip = startZipper(z, dir);
                    Proc alice =
                            Proc.start(
                                    dir,
                                    "sink-alice",
                                    exe("a-target-and-cron-sfn-2-sink"),
                                    env("USERID", "alice"));
                    Proc bob =
                            Proc.start(
                                    dir,
                                    "sink-bob",
                                    exe("a-target-and-cron-sfn-2-sink"),
                                    env("USERID", "bob"))) {
                alice.await(l -> l.contains("connected to zipper"), READY);
                bob.await(l -> l.contains("connected to zipper"), READY);
                Proc executor =
                        Proc.start(
                                dir, "executor", exe("a-target-and-cron-sfn-1-executor"), info());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (grep(alice.lines(), "Received").size() + grep(bob.lines(), "Received").size()
                                < n
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                executor.close(); // a cron every second, forever: stopped after n deliveries
                Thread.sleep(1500);
                alice.close();
                bob.close();
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("sink alice", grep(alice.lines(), "Received"));
                o.put("sink bob", grep(bob.lines(), "Received"));
                runs.put(z, o);
                SUMMARY.put(
                        "a-target-and-cron " + z,
                        "alice "
                                + o.get("sink alice").size()
                                + ", bob "
                                + o.get("sink bob").size());
                assertThat(o.get("sink alice"))
                        .as(z + " alice")
                        .allMatch(l -> l.matches(".*uid=alice .*sfn \\d*[02468]\"$"));
                assertThat(o.get("sink bob"))
                        .as(z + " bob")
                        .allMatch(l -> l.matches(".*uid=bob .*sfn \\d*[13579]\"$"));
            }
        }
        // at most the first n cron ticks: the executor is stopped once n arrived somewhere
        compare("a-target-and-cron", runs);
    }

    // ---------------------------------------------------------------- 7-wasm / uppercase

    @Test
    @Order(4)
    void wasmUppercase() throws Exception {
        int n = 8;
        Path wasmDir = examples.resolve("7-wasm");
        Path guest =
                Path.of(
                        System.getProperty("flinkyomo.root"),
                        "flink-wasm-udf/src/main/resources/dev/flinkyomo/wasm/guests/uppercase.wasm");
        Files.copy(guest, wasmDir.resolve("uppercase.wasm"), StandardCopyOption.REPLACE_EXISTING);
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("7-wasm", z);
            try (Zip zip = startZipper(z, dir);
                    Proc sfn =
                            Proc.start(
                                    wasmDir,
                                    dir,
                                    "yomo-run",
                                    List.of(
                                            bin.resolve("yomo").toString(),
                                            "run",
                                            "uppercase.wasm"),
                                    info())) {
                sfn.await(l -> l.contains("connected to zipper") || l.contains("Running"), READY);
                Thread.sleep(1000);
                Proc source = Proc.start(dir, "source", exe("uppercase-source"), info());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (grep(source.lines(), "[recv]").size() < n && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                source.close(); // writes every second forever; its own sink prints [recv]
                List<String> recv = grep(source.lines(), "[recv]");
                List<String> sent = grep(source.lines(), "[send]");
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("uppercase source's sink (first " + n + ")", recv.stream().limit(n).toList());
                runs.put(z, o);
                SUMMARY.put(
                        "7-wasm+uppercase " + z,
                        "sent " + sent.size() + ", received back " + recv.size());
                for (String r : recv) {
                    String s =
                            r.replace("[recv] ", "[send] ").replace("HELLO, YOMO!", "Hello, YoMo!");
                    assertThat(sent).as(z + " " + r).contains(s);
                }
            }
        }
        compare("7-wasm", runs);
    }

    // ---------------------------------------------------------------- 4-cascading-zipper

    /**
     * Source on zipper-1 (9001, token z1), echo-sfn on zipper-2 (9002, token z2); both files mesh
     * the two. Four layouts: yomo+yomo (the reference), bridge as zipper-1, bridge as zipper-2,
     * bridges as both; each compared with the reference.
     */
    @Test
    @Order(5)
    void cascadingZipper() throws Exception {
        int n = 6;
        Path dir4 = examples.resolve("4-cascading-zipper");
        Zipper[][] layouts = {
            {Zipper.YOMO_SERVE, Zipper.YOMO_SERVE},
            {Zipper.ZIPPER_BRIDGE, Zipper.YOMO_SERVE},
            {Zipper.YOMO_SERVE, Zipper.ZIPPER_BRIDGE},
            {Zipper.ZIPPER_BRIDGE, Zipper.ZIPPER_BRIDGE}
        };
        Map<String, List<String>> reference = null;
        List<String> failures = new ArrayList<>();
        for (Zipper[] layout : layouts) {
            String label =
                    "zipper-1 "
                            + layout[0].name().toLowerCase()
                            + ", zipper-2 "
                            + layout[1].name().toLowerCase();
            Path dir =
                    Files.createDirectories(
                            out.resolve("4-cascading-zipper")
                                    .resolve(
                                            layout[0].name().toLowerCase()
                                                    + "+"
                                                    + layout[1].name().toLowerCase()));
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Map<String, List<String>> o = new LinkedHashMap<>();
            try (Zip z1 =
                            startZipper(
                                    layout[0],
                                    dir,
                                    "zipper-1",
                                    dir4.resolve("zipper_1.yaml"),
                                    9001,
                                    "token:z1");
                    Zip z2 =
                            startZipper(
                                    layout[1],
                                    dir,
                                    "zipper-2",
                                    dir4.resolve("zipper_2.yaml"),
                                    9002,
                                    "token:z2");
                    Proc sfn = Proc.start(dir, "sfn", exe("4-cascading-zipper-sfn"), info());
                    // not part of the example: a probe function on zipper-1 observing the same
                    // tag, to see whether frames come back to zipper-1 from zipper-2
                    Proc probe =
                            Proc.start(
                                    dir,
                                    "probe-on-zipper-1",
                                    List.of(
                                            bin.resolve("real-yomo-peer").toString(),
                                            "sfn",
                                            "--zipper",
                                            "127.0.0.1:9001",
                                            "--credential",
                                            "token:z1",
                                            "--name",
                                            "probe",
                                            "--observe",
                                            "0x33",
                                            "--expect",
                                            "100000",
                                            "--timeout",
                                            "120s"),
                                    Map.of("YOMO_LOG_LEVEL", "error"))) {
                sfn.await(l -> l.contains("connected to zipper"), READY);
                probe.await(l -> l.contains("\"connected\""), READY);
                Thread.sleep(1000);
                Proc source = Proc.start(dir, "source", exe("4-cascading-zipper-source"), info());
                try {
                    source.await(countOf(source, "✅ Emit", n), Duration.ofSeconds(60));
                } finally {
                    source.close(); // writes every second forever: stopped after n writes
                }
                Thread.sleep(3000);
                sfn.close();
                List<String> sent = extract(source.lines(), Pattern.compile("✅ Emit (\\d+) to"));
                List<String> got =
                        extract(sfn.lines(), Pattern.compile("got tag=0x33, data=(\\d+)"));
                o.put("echo-sfn", mask(got.stream().map(v -> "got tag=0x33, data=" + v).toList()));
                probe.close();
                long probed =
                        probe.lines().stream()
                                .filter(l -> l.contains("\"event\":\"data\""))
                                .count();
                SUMMARY.put(
                        "4-cascading-zipper probe on zipper-1 " + label,
                        probed + " frames for " + sent.size() + " writes");
                boolean same = sorted(got).equals(sorted(sent));
                // zipper-1 gets each frame once: zipper-2 (yomo or the bridge, which now has
                // yomo's loop protection) does not send back what zipper-1 forwarded to it
                if (probed != sent.size()) {
                    failures.add(
                            label
                                    + ": probe on zipper-1 got "
                                    + probed
                                    + " frames for "
                                    + sent.size()
                                    + " writes");
                }
                SUMMARY.put(
                        "4-cascading-zipper " + label,
                        "source "
                                + sent.size()
                                + " writes, echo-sfn received "
                                + got.size()
                                + " ("
                                + got.stream().distinct().count()
                                + " distinct values, "
                                + (new java.util.HashSet<>(sent).containsAll(got)
                                        ? "all of them sent"
                                        : "some never sent")
                                + ")");
                if (!same) {
                    failures.add(label + ": echo-sfn got " + got + ", source sent " + sent);
                }
            } catch (AssertionError | Exception e) {
                SUMMARY.put(
                        "4-cascading-zipper " + label,
                        "FAILED: " + e.getMessage().lines().findFirst().orElse(""));
                failures.add(label + ": " + e);
                continue;
            }
            if (reference == null) {
                reference = o;
            } else if (!o.equals(reference)) {
                failures.add(label + ": " + o + " vs yomo+yomo " + reference);
            }
        }
        SUMMARY.put("4-cascading-zipper EQUAL", String.valueOf(failures.isEmpty()));
        assertThat(failures).as("4-cascading-zipper").isEmpty();
    }

    // ---------------------------------------------------------------- 5-backflow

    /**
     * In v1.18.10 "backflow" is a stream function inside the source program observing 0x34 and
     * 0x35: source 0x33 -> sfn-1 (int) 0x34 -> sfn-2 (x10) 0x35, both back to the source's
     * function. The source is stopped once n results (0x35) came back; its first n writes are
     * followed through the chain.
     */
    @Test
    @Order(7)
    void backflow() throws Exception {
        int n = 6;
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("5-backflow", z);
            try (Zip zip = startZipper(z, dir);
                    Proc sfn1 = Proc.start(dir, "sfn-1", exe("5-backflow-sfn-1"), info());
                    Proc sfn2 = Proc.start(dir, "sfn-2", exe("5-backflow-sfn-2"), info())) {
                sfn1.await(l -> l.contains("connected to zipper"), READY);
                sfn2.await(l -> l.contains("connected to zipper"), READY);
                Proc source = Proc.start(dir, "source", exe("5-backflow-source"), info());
                try {
                    source.await(countOf(source, "tag=0x35", n), Duration.ofSeconds(60));
                } finally {
                    source.close();
                }
                Thread.sleep(1500);
                sfn1.close();
                sfn2.close();
                List<String> sent =
                        extract(source.lines(), Pattern.compile("✅ Emit (\\S+) to")).stream()
                                .limit(n)
                                .toList();
                List<Long> ints = sent.stream().map(v -> (long) Double.parseDouble(v)).toList();
                List<String> s1 = new ArrayList<>();
                List<String> s2 = new ArrayList<>();
                List<String> back = new ArrayList<>();
                for (String l : sfn1.lines()) {
                    Matcher m =
                            Pattern.compile(
                                            "\\[sfn-1] got: tag=0x33, data=(\\S+), return: tag=0x34, data=(\\d+)")
                                    .matcher(l);
                    if (m.find() && ints.contains(Long.parseLong(m.group(2)))) {
                        s1.add(
                                String.format("%.2f", Double.parseDouble(m.group(1)))
                                        + " -> "
                                        + m.group(2));
                    }
                }
                for (String l : sfn2.lines()) {
                    Matcher m =
                            Pattern.compile(
                                            "\\[sfn-2] got: tag=0x34, data=(\\d+), return: tag=0x35, data=(\\d+)")
                                    .matcher(l);
                    if (m.find() && ints.contains(Long.parseLong(m.group(1)))) {
                        s2.add(m.group(1) + " -> " + m.group(2));
                    }
                }
                for (String l : source.lines()) {
                    Matcher m =
                            Pattern.compile("receive backflow: tag=(0x3[45]), data=(\\d+)")
                                    .matcher(l);
                    if (m.find()) {
                        long v = Long.parseLong(m.group(2));
                        if (m.group(1).equals("0x34")
                                ? ints.contains(v)
                                : v % 10 == 0 && ints.contains(v / 10)) {
                            back.add(m.group(1) + " " + v);
                        }
                    }
                }
                List<String> e1 = new ArrayList<>();
                List<String> e2 = new ArrayList<>();
                List<String> eb = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    e1.add(sent.get(i) + " -> " + ints.get(i));
                    e2.add(ints.get(i) + " -> " + ints.get(i) * 10);
                    eb.add("0x34 " + ints.get(i));
                    eb.add("0x35 " + ints.get(i) * 10);
                }
                assertThat(sent).as(z + " source writes").hasSize(n);
                assertThat(sorted(s1)).as(z + " sfn-1").isEqualTo(sorted(e1));
                assertThat(sorted(s2)).as(z + " sfn-2").isEqualTo(sorted(e2));
                assertThat(sorted(back)).as(z + " backflow").isEqualTo(sorted(eb));
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("sfn-1", mask(s1));
                o.put("sfn-2", mask(s2));
                o.put("backflow", mask(back));
                runs.put(z, o);
                SUMMARY.put(
                        "5-backflow " + z,
                        "first "
                                + n
                                + " writes: sfn-1 "
                                + s1.size()
                                + ", sfn-2 "
                                + s2.size()
                                + ", backflow "
                                + back.size()
                                + " (0x34 and 0x35)");
            }
        }
        compare("5-backflow", runs);
    }

    // ---------------------------------------------------------------- 6-mesh

    /**
     * Two regions, each a sender zipper (source, mesh to both receivers) and a receiver zipper
     * (stream-fn-db, "MockDB"). Each MockDB must print both regions' readings. Layouts: all yomo
     * serve (the reference), bridges as the senders, bridges as the receivers, bridges as all four.
     * 6-mesh's stream-fn (rx) is not built (see build-examples.sh): it only prints.
     */
    @Test
    @Order(6)
    void mesh() throws Exception {
        int n = 5;
        Path dir6 = examples.resolve("6-mesh");
        Zipper[][] layouts = {
            {Zipper.YOMO_SERVE, Zipper.YOMO_SERVE},
            {Zipper.ZIPPER_BRIDGE, Zipper.YOMO_SERVE},
            {Zipper.YOMO_SERVE, Zipper.ZIPPER_BRIDGE},
            {Zipper.ZIPPER_BRIDGE, Zipper.ZIPPER_BRIDGE}
        };
        Map<String, String> region =
                Map.of("us", "\uD83D\uDC96 US \uD83D\uDC96", "eu", "\uD83D\uDC99 EU \uD83D\uDC99");
        Map<String, Integer> senderPort = Map.of("us", 9000, "eu", 9800);
        Map<String, Integer> receiverPort = Map.of("us", 9001, "eu", 9801);
        Map<String, List<String>> reference = null;
        List<String> failures = new ArrayList<>();
        for (Zipper[] layout : layouts) {
            String label =
                    "senders "
                            + layout[0].name().toLowerCase()
                            + ", receivers "
                            + layout[1].name().toLowerCase();
            Path dir =
                    Files.createDirectories(
                            out.resolve("6-mesh")
                                    .resolve(
                                            layout[0].name().toLowerCase()
                                                    + "+"
                                                    + layout[1].name().toLowerCase()));
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            List<AutoCloseable> open = new ArrayList<>();
            Map<String, List<String>> o = new LinkedHashMap<>();
            try {
                for (String r : List.of("us", "eu")) {
                    open.add(
                            startZipper(
                                    layout[1],
                                    dir,
                                    "receiver-" + r,
                                    dir6.resolve(r).resolve("receiver.yaml"),
                                    receiverPort.get(r),
                                    null));
                }
                for (String r : List.of("us", "eu")) {
                    open.add(
                            startZipper(
                                    layout[0],
                                    dir,
                                    "sender-" + r,
                                    dir6.resolve(r).resolve("sender.yaml"),
                                    senderPort.get(r),
                                    null));
                }
                Map<String, Proc> db = new LinkedHashMap<>();
                for (String r : List.of("us", "eu")) {
                    Proc p =
                            Proc.start(
                                    dir,
                                    "stream-fn-db-" + r,
                                    exe("6-mesh-stream-fn-db"),
                                    env("PORT", String.valueOf(receiverPort.get(r))));
                    open.add(p);
                    db.put(r, p);
                }
                for (Proc p : db.values()) {
                    p.await(l -> l.contains("connected to zipper"), READY);
                }
                Thread.sleep(1000);
                Map<String, Proc> sources = new LinkedHashMap<>();
                for (String r : List.of("us", "eu")) {
                    Map<String, String> e =
                            new java.util.HashMap<>(env("PORT", String.valueOf(senderPort.get(r))));
                    e.put("REGION", region.get(r));
                    Proc p = Proc.start(dir, "source-" + r, exe("6-mesh-source"), e);
                    open.add(p);
                    sources.put(r, p);
                }
                for (Proc p : sources.values()) {
                    try {
                        p.await(countOf(p, "✅ Emit", n), Duration.ofSeconds(60));
                    } finally {
                        p.close(); // writes every second forever: stopped after n writes
                    }
                }
                Thread.sleep(3000);
                db.values().forEach(Proc::close);
                List<String> sent = new ArrayList<>();
                for (String r : List.of("us", "eu")) {
                    for (String l : sources.get(r).lines()) {
                        Matcher m =
                                Pattern.compile("✅ Emit \\{(\\S+) \\d+ (.*)} to YoMo").matcher(l);
                        if (m.find()) {
                            sent.add(m.group(2) + " " + m.group(1));
                        }
                    }
                }
                StringBuilder counts = new StringBuilder("sources " + sent.size() + " writes;");
                for (String r : List.of("us", "eu")) {
                    List<String> saved = new ArrayList<>();
                    for (String l : db.get(r).lines()) {
                        Matcher m =
                                Pattern.compile("^(.*) >> \\[sink] save `(\\S+)`")
                                        .matcher(strip(l));
                        if (m.find()) {
                            saved.add(m.group(1) + " " + m.group(2));
                        }
                    }
                    counts.append(" MockDB ").append(r).append(' ').append(saved.size());
                    o.put(
                            "MockDB " + r,
                            mask(
                                    saved.stream()
                                            .map(v -> v.replaceAll(" \\S+$", " save #"))
                                            .toList()));
                    if (!sorted(saved).equals(sorted(sent))) {
                        failures.add(
                                label
                                        + ": MockDB "
                                        + r
                                        + " saved "
                                        + saved
                                        + ", sources sent "
                                        + sent);
                    }
                }
                SUMMARY.put("6-mesh " + label, counts.toString());
            } catch (AssertionError | Exception e) {
                SUMMARY.put(
                        "6-mesh " + label,
                        "FAILED: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                failures.add(label + ": " + e);
                continue;
            } finally {
                java.util.Collections.reverse(open);
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
            if (reference == null) {
                reference = o;
            } else if (!o.equals(reference)) {
                failures.add(label + ": " + o + " vs all yomo " + reference);
            }
        }
        SUMMARY.put("6-mesh EQUAL", String.valueOf(failures.isEmpty()));
        assertThat(failures).as("6-mesh").isEmpty();
    }

    // ---------------------------------------------------------------- yomo run <fn>.go

    /*
     * 1-pipeline, 2-iopipe and 9-cli build their stream functions with `yomo build` (TinyGo, to
     * Wasm). There is no TinyGo here, so the functions run with `yomo run -m go.mod <fn>.go`: the
     * same v1.18.10 CLI's native path for a .go function (cli/serverless/golang: it appends the
     * same generated main to the unmodified source and builds it with `go mod tidy` and `go
     * build`), so the function is the same source on the same SDK, compiled natively instead of to
     * Wasm. bin/examples/yomo-go is the CLI with the offline Go environment; go.mod next to each
     * function is the example's own plus build-examples.sh's replace directives (see there). The
     * function is built in each zipper's run (cached after the first), so its readiness timeout
     * includes the build.
     */
    private static final Duration BUILD_AND_READY = Duration.ofSeconds(300);

    /** {@code yomo run <args>} in {@code examples/<module>}, with the CLI's own Go build. */
    private static Proc yomoRunGo(Path logDir, String name, String module, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(examples.resolve("yomo-go").toString());
        cmd.add("run");
        cmd.addAll(List.of(args));
        return Proc.start(examples.resolve(module), logDir, name, cmd, info(), null);
    }

    private static Path randomInput(String example, int size) throws IOException {
        byte[] b = new byte[size];
        new java.util.Random(size).nextBytes(b);
        Path f = out.resolve(example).resolve("input.bin");
        Files.write(f, b);
        return f;
    }

    /**
     * 1-pipeline: the source reads its stdin 4 bytes at a time, one write (0x01) every 100 ms;
     * function {@code rand} prints each as a little-endian uint32 and the bytes. stdin is a fixed
     * file of n*4 bytes (instead of /dev/urandom), the same in both runs, so the lines are compared
     * unmasked. At EOF the source closes and exits.
     */
    @Test
    @Order(8)
    void pipeline() throws Exception {
        int n = 10;
        Files.createDirectories(out.resolve("1-pipeline"));
        Path input = randomInput("1-pipeline", 4 * n);
        byte[] bytes = Files.readAllBytes(input);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long v = 0;
            StringBuilder hex = new StringBuilder();
            for (int j = 0; j < 4; j++) {
                int u = bytes[4 * i + j] & 0xff;
                v |= (long) u << (8 * j);
                hex.append(j == 0 ? "" : " ").append(String.format("0x%02x", u));
            }
            expected.add("Generate random uint32: " + v + " (" + hex + ")");
        }
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("1-pipeline", z);
            try (Zip zip = startZipper(z, dir);
                    Proc rand =
                            yomoRunGo(
                                    dir,
                                    "rand",
                                    "1-pipeline",
                                    "-m",
                                    "go.mod",
                                    "-n",
                                    "rand",
                                    "serverless/rand.go")) {
                rand.await(l -> l.contains("connected to zipper"), BUILD_AND_READY);
                Thread.sleep(1000);
                Proc source =
                        Proc.start(dir, dir, "source", exe("1-pipeline-source"), info(), input);
                try {
                    // its last line; each write's line ends with "written: 4"
                    source.await(l -> strip(l).startsWith("written: "), Duration.ofSeconds(60));
                    rand.await(countOf(rand, "Generate random uint32", n), Duration.ofSeconds(10));
                } finally {
                    source.close(); // exits after EOF (or hangs in its second Close)
                }
                Thread.sleep(1000);
                rand.close();
                List<String> read = grep(source.lines(), "Read: ");
                List<String> got = grep(rand.lines(), "Generate random uint32");
                assertThat(read).as(z + " source reads").hasSize(n);
                assertThat(sorted(got)).as(z + " rand").isEqualTo(sorted(expected));
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("source", read);
                o.put("rand", sorted(got));
                runs.put(z, o);
                SUMMARY.put(
                        "1-pipeline " + z,
                        "input "
                                + bytes.length
                                + " bytes; source "
                                + read.size()
                                + " writes of 4 bytes, rand "
                                + got.size()
                                + " lines (each the write's bytes as uint32 LE)");
            }
        }
        compare("1-pipeline", runs);
    }

    /**
     * 2-iopipe: the source copies its stdin to 0x01 ({@code io.Copy}, 32 KiB reads), logs {@code
     * written: <n>} and blocks; function {@code counter} logs each frame's length. stdin is a fixed
     * file of random bytes (the example pipes /dev/urandom), so the frames are the same in both
     * runs: 12 of 32768 and one of 6784 bytes.
     */
    @Test
    @Order(9)
    void iopipe() throws Exception {
        int size = 400_000;
        Files.createDirectories(out.resolve("2-iopipe"));
        Path input = randomInput("2-iopipe", size);
        Pattern gotLine = Pattern.compile("Got\\[0x1]: (\\d+)");
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("2-iopipe", z);
            try (Zip zip = startZipper(z, dir);
                    Proc counter =
                            yomoRunGo(
                                    dir,
                                    "counter",
                                    "2-iopipe",
                                    "-n",
                                    "counter",
                                    "-m",
                                    "go.mod",
                                    "serverless/counter.go")) {
                counter.await(l -> l.contains("connected to zipper"), BUILD_AND_READY);
                Thread.sleep(1000);
                Proc source = Proc.start(dir, dir, "source", exe("2-iopipe-source"), info(), input);
                try {
                    source.await(l -> l.contains("written: "), Duration.ofSeconds(60));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (extract(counter.lines(), gotLine).stream()
                                            .mapToLong(Long::parseLong)
                                            .sum()
                                    < size
                            && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(1000);
                } finally {
                    source.close(); // blocks forever (select{}) after copying stdin
                }
                counter.close();
                List<Long> frames =
                        extract(counter.lines(), gotLine).stream().map(Long::parseLong).toList();
                long total = frames.stream().mapToLong(Long::longValue).sum();
                Map<Long, Long> bySize =
                        new TreeMap<>(
                                frames.stream()
                                        .collect(
                                                Collectors.groupingBy(
                                                        v -> v, Collectors.counting())));
                List<String> written = grep(source.lines(), "written: ");
                assertThat(written).as(z + " source").containsExactly("written: " + size);
                assertThat(total).as(z + " bytes the counter got").isEqualTo(size);
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("source", written);
                o.put("counter", sorted(grep(counter.lines(), "Got[0x1]: ")));
                runs.put(z, o);
                SUMMARY.put(
                        "2-iopipe " + z,
                        "input "
                                + size
                                + " bytes; source "
                                + written.get(0)
                                + "; counter "
                                + frames.size()
                                + " frames, "
                                + total
                                + " bytes (frame size -> count "
                                + bySize
                                + ")");
            }
        }
        compare("2-iopipe", runs);
    }

    /**
     * 9-cli: the source writes {@code {"noise":..}} on 0x33 every 500 ms (its comment says 100) and
     * has a stream function "Sink" observing 0x34; function {@code Noise} (the name from sfn/.env,
     * which `yomo run` loads) parses the noise with gjson and writes it back on 0x34 as
     * strconv.FormatFloat(v, 'g', 5, 64). Values are random, so the relations are checked: the
     * first n writes reach the function as the same number, and each comes back to the Sink with 5
     * significant digits; the normalised lines (numbers masked) cover those n values.
     */
    @Test
    @Order(10)
    void cli() throws Exception {
        int n = 10;
        Map<Zipper, Map<String, List<String>>> runs = new LinkedHashMap<>();
        for (Zipper z : Zipper.values()) {
            Path dir = runDir("9-cli", z);
            try (Zip zip = startZipper(z, dir);
                    Proc sfn = yomoRunGo(dir, "sfn", "9-cli/sfn", "-m", "go.mod", "app.go")) {
                sfn.await(l -> l.contains("connected to zipper"), BUILD_AND_READY);
                Thread.sleep(1000);
                Proc source = Proc.start(dir, "source", exe("9-cli-source"), info());
                try {
                    source.await(
                            countOf(source, "[source] received tag[0x34]", n),
                            Duration.ofSeconds(60));
                } finally {
                    source.close(); // writes forever: stopped once n values came back
                }
                Thread.sleep(1500);
                sfn.close();
                List<String> sent =
                        extract(
                                source.lines(),
                                Pattern.compile("✅ Emit \\{(\\S+) \\d+ localhost} to"));
                List<String> got =
                        extract(sfn.lines(), Pattern.compile("\\[sfn] got 0x33 noise=(\\S+)"));
                List<String> back =
                        extract(
                                source.lines(),
                                Pattern.compile("\\[source] received tag\\[0x34] (\\S+)"));
                List<Double> gotValues = got.stream().map(Double::parseDouble).toList();
                List<java.math.BigDecimal> backValues =
                        back.stream().map(java.math.BigDecimal::new).toList();
                List<String> o1 = new ArrayList<>();
                List<String> o2 = new ArrayList<>();
                for (String v : sent.stream().limit(n).toList()) {
                    double d = Double.parseDouble(v);
                    assertThat(gotValues).as(z + " Noise got the source's " + v).contains(d);
                    java.math.BigDecimal g5 = goFormatG5(d);
                    assertThat(backValues)
                            .as(z + " the Sink got " + v + " back as " + g5)
                            .anyMatch(b -> b.compareTo(g5) == 0);
                    o1.add("[sfn] got 0x33 noise=#");
                    o2.add("[source] received tag[0x34] #");
                }
                // nothing invented: every value the function printed was sent, every value the
                // Sink printed is one the function printed, formatted
                List<Double> sentValues = sent.stream().map(Double::parseDouble).toList();
                assertThat(sentValues).as(z + " sent").containsAll(gotValues);
                for (java.math.BigDecimal b : backValues) {
                    assertThat(gotValues)
                            .as(z + " Sink value " + b)
                            .anyMatch(g -> goFormatG5(g).compareTo(b) == 0);
                }
                Map<String, List<String>> o = new LinkedHashMap<>();
                o.put("Noise (the first " + n + " writes)", o1);
                o.put("source's Sink (the first " + n + " writes)", o2);
                runs.put(z, o);
                SUMMARY.put(
                        "9-cli " + z,
                        "source "
                                + sent.size()
                                + " writes, Noise "
                                + got.size()
                                + " values, Sink "
                                + back.size()
                                + " back (each the function's value, 5 significant digits;"
                                + " the first "
                                + n
                                + " writes checked and compared)");
            }
        }
        compare("9-cli", runs);
    }

    /** Go's strconv.FormatFloat(v, 'g', 5, 64) as a number: 5 significant digits, half even. */
    private static java.math.BigDecimal goFormatG5(double v) {
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(5, java.math.RoundingMode.HALF_EVEN));
    }

    // ---------------------------------------------------------------- harness

    private static void compare(String example, Map<Zipper, Map<String, List<String>>> runs)
            throws IOException {
        Map<String, List<String>> yomo = runs.get(Zipper.YOMO_SERVE);
        Map<String, List<String>> bridge = runs.get(Zipper.ZIPPER_BRIDGE);
        StringBuilder sb = new StringBuilder();
        int lines = 0;
        for (Zipper z : Zipper.values()) {
            sb.append("== ").append(z).append('\n');
            runs.get(z)
                    .forEach(
                            (k, v) -> {
                                sb.append("-- ")
                                        .append(k)
                                        .append(" (")
                                        .append(v.size())
                                        .append(")\n");
                                v.forEach(l -> sb.append(l).append('\n'));
                            });
        }
        for (List<String> v : yomo.values()) {
            lines += v.size();
        }
        Files.writeString(out.resolve(example).resolve("normalised.txt"), sb.toString());
        boolean equal = yomo.equals(bridge);
        SUMMARY.put(
                example + " EQUAL", equal + " (" + lines + " normalised lines under yomo serve)");
        assertThat(bridge).as(example + ": zipper-bridge vs yomo serve").isEqualTo(yomo);
        assertThat(lines).as(example + ": something was compared").isPositive();
    }

    private static Path runDir(String example, Zipper z) throws IOException {
        Path d = out.resolve(example).resolve(z.name().toLowerCase());
        Files.createDirectories(d);
        try (var s = Files.list(d)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        return d;
    }

    private static List<String> exe(String name) {
        return List.of(examples.resolve(name).toString());
    }

    private static Map<String, String> info() {
        return Map.of("YOMO_LOG_LEVEL", "info");
    }

    private static Map<String, String> env(String k, String v) {
        return Map.of("YOMO_LOG_LEVEL", "info", k, v);
    }

    private static Predicate<String> countOf(Proc p, String needle, int n) {
        return l -> grep(p.lines(), needle).size() >= n;
    }

    /** Lines containing needle, log prefix dropped. */
    private static List<String> grep(List<String> lines, String needle) {
        return lines.stream()
                .filter(l -> l.contains(needle))
                .map(RealYomoExamplesIT::strip)
                .toList();
    }

    private static String strip(String l) {
        return LOG_PREFIX.matcher(l).replaceFirst("");
    }

    private static List<String> extract(List<String> lines, Pattern p) {
        List<String> r = new ArrayList<>();
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                r.add(m.group(1));
            }
        }
        return r;
    }

    private static List<Double> numbers(List<String> lines, Pattern p) {
        return extract(lines, p).stream().map(Double::parseDouble).sorted().toList();
    }

    private static void assertClose(String what, List<Double> actual, List<Double> expected) {
        List<Double> a = actual.stream().sorted().toList();
        List<Double> e = expected.stream().sorted().toList();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i))
                    .as(what + " #" + i)
                    .isCloseTo(
                            e.get(i),
                            org.assertj.core.data.Offset.offset(
                                    1e-4 * Math.max(1, Math.abs(e.get(i)))));
        }
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    /** Random values and latencies replaced by '#'. */
    private static List<String> mask(List<String> l) {
        return l.stream().map(s -> NUMBER.matcher(s).replaceAll("#")).sorted().toList();
    }

    /** A zipper on port 9000: yomo serve, or zipper-bridge run in its own JVM. */
    private static Zip startZipper(Zipper z, Path dir) throws Exception {
        return startZipper(z, dir, "zipper", config, PORT, null);
    }

    /** A zipper on {@code port} from {@code file}; {@code credential} for the readiness probe. */
    private static Zip startZipper(
            Zipper z, Path dir, String name, Path file, int port, String credential)
            throws Exception {
        Proc p;
        if (z == Zipper.YOMO_SERVE) {
            p =
                    Proc.start(
                            dir,
                            name,
                            List.of(bin.resolve("yomo").toString(), "serve", "-c", file.toString()),
                            Map.of("YOMO_LOG_LEVEL", "error"));
        } else {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path root = Path.of(System.getProperty("flinkyomo.root"));
            p =
                    Proc.start(
                            dir,
                            name,
                            List.of(
                                    java,
                                    "-Xmx768m",
                                    "-Dlog4j.configurationFile="
                                            + root.resolve(
                                                    "zipper-bridge/conf/log4j2-cli.properties"),
                                    "-cp",
                                    bridgeClasspath(),
                                    ZipperBridge.class.getName(),
                                    "run",
                                    "--duration",
                                    "600s",
                                    "--rest-port",
                                    "0",
                                    file.toString()),
                            Map.of());
            p.await(l -> l.contains(" running; web UI") || l.contains("zipper-bridge:"), READY);
            assertThat(p.lines())
                    .as("the bridge runs no in-job function")
                    .noneMatch(
                            l ->
                                    l.contains("running every function found (")
                                            && !l.contains("found (none)"));
        }
        // the listener is up once a YoMo client can connect (retries until then)
        try (YomoClient probe = BridgeRuns.source(port, credential)) {
            probe.start().get(READY.toSeconds(), TimeUnit.SECONDS);
        }
        return new Zip(p);
    }

    /**
     * The test's class path without test classes: as under bin/zipper-bridge, the bridge finds no
     * in-job functions (a file that lists none runs every function on the class path, and the test
     * classes hold test-upper and test-suffix, which would also observe the examples' tags).
     */
    private static String bridgeClasspath() {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(
                        e ->
                                !e.endsWith("test-classes")
                                        && !e.endsWith("test-classes/")
                                        && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private record Zip(Proc proc) implements AutoCloseable {
        @Override
        public void close() {
            proc.close();
        }
    }

    /** A program with stdout and stderr in one log file; close() sends SIGTERM, then kills. */
    static final class Proc implements AutoCloseable {
        final Process process;
        final Path log;

        private Proc(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Proc start(Path logDir, String name, List<String> cmd, Map<String, String> env)
                throws IOException {
            return start(logDir, logDir, name, cmd, env);
        }

        static Proc start(
                Path workDir, Path logDir, String name, List<String> cmd, Map<String, String> env)
                throws IOException {
            return start(workDir, logDir, name, cmd, env, null);
        }

        /** {@code stdin}: a file to read standard input from, or null. */
        static Proc start(
                Path workDir,
                Path logDir,
                String name,
                List<String> cmd,
                Map<String, String> env,
                Path stdin)
                throws IOException {
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            pb.environment().putAll(env);
            return new Proc(pb.start(), log);
        }

        List<String> lines() {
            try {
                return Arrays.asList(
                        new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            } catch (IOException e) {
                return List.of();
            }
        }

        void await(Predicate<String> line, Duration timeout) throws InterruptedException {
            Instant end = Instant.now().plus(timeout);
            while (Instant.now().isBefore(end)) {
                if (lines().stream().anyMatch(line)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError(
                            log.getFileName()
                                    + " exited "
                                    + process.exitValue()
                                    + ":\n"
                                    + String.join("\n", lines()));
                }
                Thread.sleep(100);
            }
            throw new AssertionError(
                    "timeout waiting in "
                            + log
                            + ":\n"
                            + lines().stream().collect(Collectors.joining("\n")));
        }

        /**
         * SIGTERM to the program's children first (`yomo run x.go` runs the function it built as a
         * child and does not pass the signal on: the function would stay connected and reconnect to
         * the next run's zipper), then to the program; killed after 30 s.
         */
        @Override
        public void close() {
            if (!process.isAlive()) {
                return;
            }
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                for (ProcessHandle c : children) {
                    try {
                        c.onExit().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException
                            | java.util.concurrent.TimeoutException e) {
                        c.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
