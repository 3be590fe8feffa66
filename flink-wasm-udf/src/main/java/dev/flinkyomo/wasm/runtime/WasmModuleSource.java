package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The bytes of a Wasm module plus a name for logs, metrics and errors. It travels inside the job
 * graph, so task managers never need the original file.
 */
@PublicEvolving
public final class WasmModuleSource implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Refuse anything bigger: a Wasm stream function is kilobytes, not a data set. */
    public static final int MAX_MODULE_BYTES = 64 * 1024 * 1024;

    private static final String CLASSPATH_PREFIX = "classpath:";

    private final String name;
    private final byte[] bytes;
    private final String sha256;

    private WasmModuleSource(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.sha256 = sha256(bytes);
    }

    public static WasmModuleSource fromBytes(String name, byte[] bytes) {
        if (bytes.length > MAX_MODULE_BYTES) {
            throw new WasmLoadException(
                    name, "module has " + bytes.length + " bytes, limit is " + MAX_MODULE_BYTES);
        }
        return new WasmModuleSource(name, bytes.clone());
    }

    public static WasmModuleSource fromPath(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            long size = Files.size(path);
            if (size > MAX_MODULE_BYTES) {
                throw new WasmLoadException(
                        name,
                        "file " + path + " has " + size + " bytes, limit is " + MAX_MODULE_BYTES);
            }
            return new WasmModuleSource(name, Files.readAllBytes(path));
        } catch (IOException e) {
            throw new WasmLoadException(name, "cannot read " + path + ": " + e, e);
        }
    }

    /** A module on the classpath, e.g. {@code dev/flinkyomo/wasm/guests/uppercase.wasm}. */
    public static WasmModuleSource fromClasspath(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        String name = path.substring(path.lastIndexOf('/') + 1);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = WasmModuleSource.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new WasmLoadException(name, "no classpath resource " + path);
            }
            byte[] bytes = in.readNBytes(MAX_MODULE_BYTES + 1);
            if (bytes.length > MAX_MODULE_BYTES) {
                throw new WasmLoadException(
                        name, "resource " + path + " exceeds " + MAX_MODULE_BYTES + " bytes");
            }
            return new WasmModuleSource(name, bytes);
        } catch (IOException e) {
            throw new WasmLoadException(
                    name, "cannot read classpath resource " + path + ": " + e, e);
        }
    }

    /**
     * A module from a location string: {@code classpath:<resource>}, a {@code file:} URI or a plain
     * file system path.
     */
    public static WasmModuleSource fromLocation(String location) {
        Objects.requireNonNull(location, "location");
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return fromClasspath(location.substring(CLASSPATH_PREFIX.length()));
        }
        if (location.startsWith("file:")) {
            return fromPath(Paths.get(URI.create(location)));
        }
        return fromPath(Paths.get(location));
    }

    public String name() {
        return name;
    }

    /** The module bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    /** Content hash, the key of the per-JVM compiled-module caches. */
    public String sha256() {
        return sha256;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + bytes.length + " bytes, sha256 " + sha256.substring(0, 12) + ")";
    }
}
