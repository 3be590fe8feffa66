package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.flinkyomo.wasm.guests.precompiled.FrameStats;
import dev.flinkyomo.wasm.guests.precompiled.Noise;
import dev.flinkyomo.wasm.guests.precompiled.Uppercase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bundled guests' machines, compiled to JVM classes at build time by Chicory's Maven plugin
 * (see this module's pom), so a task running one of them does not compile it at start-up.
 *
 * <p>A module gets a precompiled machine only when its SHA-256 equals that of the bundled file the
 * classes were generated from, read from this jar; its name or location is never trusted, so a
 * modified copy of a bundled guest is compiled at run time like any user module.
 */
@Internal
public final class PrecompiledGuests {

    /**
     * A bundled guest compiled at build time: its machine and its module without function bodies
     * (what the compiled machine needs; parsed on each call, the caller caches it).
     */
    public record Guest(
            Supplier<WasmModule> strippedModuleLoader, Function<Instance, Machine> machineFactory) {
        public WasmModule strippedModule() {
            return strippedModuleLoader.get();
        }
    }

    private static final String DIR = "dev/flinkyomo/wasm/guests/";

    /** Bundled file digest to machine factory, computed on first use (hashing 130 KB, ~1 ms). */
    private static volatile Map<String, Guest> byDigest;

    private PrecompiledGuests() {}

    /** The precompiled guest whose bundled file has this SHA-256, if any. */
    public static Optional<Guest> forDigest(String sha256) {
        Map<String, Guest> map = byDigest;
        if (map == null) {
            map = load();
            byDigest = map;
        }
        return Optional.ofNullable(map.get(sha256));
    }

    private static Map<String, Guest> load() {
        Map<String, Guest> map = new HashMap<>();
        map.put(digest("uppercase.wasm"), new Guest(Uppercase::load, Uppercase::create));
        map.put(digest("noise.wasm"), new Guest(Noise::load, Noise::create));
        map.put(digest("frame_stats.wasm"), new Guest(FrameStats::load, FrameStats::create));
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
