package dev.flinkyomo.wasm.runtime.chicory;

import org.apache.flink.annotation.Internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.flinkyomo.wasm.guests.precompiled.FrameStats;
import dev.flinkyomo.wasm.guests.precompiled.Noise;
import dev.flinkyomo.wasm.guests.precompiled.Uppercase;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bundled guests' machines, compiled to JVM classes at build time by Chicory's Maven plugin
 * (see this module's pom), so a task running one of them does not compile it at start-up.
 *
 * <p>A module gets a precompiled machine only when its SHA-256 equals that of the bundled file the
 * classes were generated from, read from this jar; its name or location is never trusted, so a
 * modified copy of a bundled guest is compiled at run time like any user module.
 */
@Internal
final class PrecompiledGuests {

    private static final String DIR = "dev/flinkyomo/wasm/guests/";

    /** Bundled file digest to machine factory, computed on first use (hashing 130 KB, ~1 ms). */
    private static volatile Map<String, Function<Instance, Machine>> byDigest;

    private PrecompiledGuests() {}

    /** The precompiled machine factory for a module with this SHA-256, if it is a bundled one. */
    static Optional<Function<Instance, Machine>> forDigest(String sha256) {
        Map<String, Function<Instance, Machine>> map = byDigest;
        if (map == null) {
            map = load();
            byDigest = map;
        }
        return Optional.ofNullable(map.get(sha256));
    }

    private static Map<String, Function<Instance, Machine>> load() {
        Map<String, Function<Instance, Machine>> map = new HashMap<>();
        map.put(digest("uppercase.wasm"), Uppercase::create);
        map.put(digest("noise.wasm"), Noise::create);
        map.put(digest("frame_stats.wasm"), FrameStats::create);
        return Map.copyOf(map);
    }

    private static String digest(String file) {
        try (InputStream in =
                PrecompiledGuests.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled guest " + DIR + file + " is missing");
            }
            return WasmModuleSource.fromBytes(file, in.readAllBytes()).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled guest " + DIR + file, e);
        }
    }
}
