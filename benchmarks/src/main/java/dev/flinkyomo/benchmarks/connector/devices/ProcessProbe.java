package dev.flinkyomo.benchmarks.connector.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux and the JVM say about another process: resident memory ({@code /proc/<pid>/status}
 * VmRSS), CPU time ({@code /proc/<pid>/stat} utime + stime) and the JVM's own native memory
 * accounting ({@code jcmd <pid> VM.native_memory summary}, which needs the process started with
 * {@code -XX:NativeMemoryTracking=summary}). NMT sees what the JVM allocates (heap, metaspace,
 * threads, direct buffers); memory that native libraries malloc themselves (quiche's connections,
 * BoringSSL's TLS state) is only in RSS, so RSS minus NMT's total is reported as "untracked".
 */
final class ProcessProbe {

    /** USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private static final Pattern TOTAL =
            Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern HEAP =
            Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** User plus system CPU time so far, in milliseconds. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // fields after the command name, which is in parentheses and may contain spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /** NMT's committed total and Java heap, in KiB. */
    NativeMemory nativeMemory() throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(jcmd(), String.valueOf(pid), "VM.native_memory", "summary")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher total = TOTAL.matcher(out);
        Matcher heap = HEAP.matcher(out);
        if (!total.find() || !heap.find()) {
            throw new IOException("no NMT summary from jcmd: " + out);
        }
        return new NativeMemory(Long.parseLong(total.group(2)), Long.parseLong(heap.group(2)));
    }

    private static String jcmd() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(inJdk) ? inJdk.toString() : "jcmd";
    }

    /**
     * @param committedKiB everything NMT tracks, committed
     * @param heapCommittedKiB the Java heap's part of it
     */
    record NativeMemory(long committedKiB, long heapCommittedKiB) {
        /** What the JVM holds outside the Java heap: metaspace, threads, code, GC, direct. */
        long nonHeapKiB() {
            return committedKiB - heapCommittedKiB;
        }
    }

    static List<String> nmtOptions() {
        return List.of("-XX:NativeMemoryTracking=summary");
    }
}
