package dev.flinkyomo.connector.yomo.interop;

import dev.flinkyomo.yomo.interop.YomoPeerProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real YoMo's programs built by {@code interop/real-yomo/build.sh} (yomo v1.18.10): where they
 * are, and the processes the real-YoMo tests start from them.
 */
final class RealYomoBinaries {

    private RealYomoBinaries() {}

    static Path binary(String name) {
        String dir = System.getProperty("yomo.real.bin");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException(
                    "set -Dyomo.real.bin to the directory interop/real-yomo/build.sh filled");
        }
        Path bin = Path.of(dir).toAbsolutePath().resolve(name);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is missing: run interop/real-yomo/build.sh");
        }
        return bin;
    }

    /** One of flink-wasm-udf's example guests, as shipped in its jar. */
    static Path guest(String file) {
        return Path.of(System.getProperty("flinkyomo.root", ".."))
                .toAbsolutePath()
                .resolve("flink-wasm-udf/src/main/resources/dev/flinkyomo/wasm/guests")
                .resolve(file)
                .normalize();
    }

    /** {@code yomo run}: YoMo's Wasm host, a stream function named {@code name}. */
    static YomoPeerProcess yomoRun(String zipper, String credential, String name, Path wasm) {
        return YomoPeerProcess.startCommand(
                "yomo run " + name,
                List.of(
                        binary("yomo").toString(),
                        "run",
                        "-z",
                        zipper,
                        "-d",
                        credential,
                        "-n",
                        name,
                        wasm.toString()));
    }

    /** A source on YoMo's SDK writing {@code n} frames on 0x33, {@code frame-<i>}. */
    static YomoPeerProcess source(String zipper, String credential, int n, String... extra) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                binary("real-yomo-peer").toString(),
                                "source",
                                "--zipper",
                                zipper,
                                "--credential",
                                credential,
                                "--name",
                                "real-yomo-source",
                                "--tag",
                                "0x33",
                                "--count",
                                String.valueOf(n)));
        cmd.addAll(List.of(extra));
        return YomoPeerProcess.startCommand("real source", cmd);
    }

    /** A stream function on YoMo's SDK observing {@code tags}, exiting after {@code n} frames. */
    static YomoPeerProcess streamFunction(
            String zipper, String credential, String name, String tags, int n) {
        return YomoPeerProcess.startCommand(
                "real sfn " + name,
                List.of(
                        binary("real-yomo-peer").toString(),
                        "sfn",
                        "--zipper",
                        zipper,
                        "--credential",
                        credential,
                        "--name",
                        name,
                        "--observe",
                        tags,
                        "--expect",
                        String.valueOf(n),
                        "--timeout",
                        "100s"));
    }
}
