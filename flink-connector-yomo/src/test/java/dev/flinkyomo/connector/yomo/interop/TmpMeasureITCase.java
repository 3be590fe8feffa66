package dev.flinkyomo.connector.yomo.interop;

import dev.flinkyomo.connector.yomo.protocol.*;
import dev.flinkyomo.connector.yomo.transport.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TmpMeasureITCase {
    static String snmp() throws Exception {
        List<String> l = Files.readAllLines(Path.of("/proc/net/snmp"));
        for (int i = 0; i < l.size(); i++) if (l.get(i).startsWith("Udp:") && l.get(i).contains("InDatagrams")) return l.get(i + 1);
        return "";
    }

    @Test
    void goToJava() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100_000);
        try (YomoListener l = new YomoListener(ListenerOptions.builder().host("127.0.0.1").port(0)
                .tls(TlsOptions.INSECURE_DEFAULT).build(), queue, ListenerMetrics.NO_OP)) {
            String addr = "127.0.0.1:" + l.start().getPort();
            int n = 50_000;
            System.out.println("MEASURE snmp before " + snmp());
            long t0 = System.nanoTime();
            try (YomoPeerProcess p = YomoPeerProcess.start("source", "--addr", addr, "--count", "" + n,
                    "--payload-size", "32", "--timeout", "30s")) {
                List<InboundFrame> out = new ArrayList<>();
                long nextPrint = t0;
                while (out.size() < n && System.nanoTime() - t0 < 30_000_000_000L) {
                    queue.drainTo(out, 10_000, Duration.ofMillis(100));
                    if (System.nanoTime() > nextPrint) {
                        System.out.println("MEASURE t=" + (System.nanoTime() - t0) / 1_000_000 + "ms got=" + out.size());
                        nextPrint += 1_000_000_000L;
                    }
                }
                System.out.println("MEASURE go->java " + out.size() + " in " + (System.nanoTime() - t0) / 1e6 + " ms");
                p.awaitExit(Duration.ofSeconds(40));
                System.out.println("MEASURE snmp after " + snmp() + " " + p.events("summary"));
            }
        }
    }

    @Test
    void javaToGo() throws Exception {
        int n = 200_000;
        try (YomoPeerProcess z = YomoPeerProcess.startZipper("--expect", "" + n, "--timeout", "60s");
                YomoClient c = new YomoClient(ClientOptions.builder("127.0.0.1",
                        Integer.parseInt(z.listenAddress().split(":")[1]), "j", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT).build(), YomoClientListener.NO_OP)) {
            c.start().get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            byte[] md = MetadataCodec.encode(Map.of("yomo-tid", "x"));
            for (int i = 0; i < n; i++) {
                if (!c.isWritable()) { c.flush(); c.awaitWritable(Duration.ofSeconds(30)); }
                c.write(new DataFrame(1, md, new byte[32]));
                if (i % 256 == 0) c.flush();
            }
            c.flush();
            int rc = z.awaitExit(Duration.ofSeconds(60));
            System.out.println("MEASURE java->go rc=" + rc + " " + n + " in " + (System.nanoTime() - t0) / 1e6 + " ms " + z.events("summary"));
        }
    }
}
