package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What host import providers ({@code dev.flinkyomo.wasm.host.HostImportProvider}) read on the task
 * manager: their options and named files shipped inside the job (e.g. models), as the Wasm module's
 * own bytes are. Immutable and serializable; it travels in {@link WasmRuntimeConfig}.
 */
@PublicEvolving
public final class HostOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final HostOptions EMPTY = new HostOptions(new Configuration(), Map.of());

    private final Configuration options;
    private final Map<String, byte[]> files;

    private HostOptions(Configuration options, Map<String, byte[]> files) {
        this.options = options;
        this.files = files;
    }

    public static HostOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.options.addAll(options);
        b.files.putAll(files);
        return b;
    }

    public ReadableConfig options() {
        return options;
    }

    /** A shipped file, or null. The array is shared: do not modify it. */
    public byte[] file(String name) {
        return files.get(name);
    }

    /** Names of the shipped files. */
    public java.util.Set<String> fileNames() {
        return files.keySet();
    }

    public boolean isEmpty() {
        return options.keySet().isEmpty() && files.isEmpty();
    }

    /** Option keys and file names with their sizes; never the files' bytes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{options=").append(options.toMap());
        sb.append(", files={");
        files.forEach((k, v) -> sb.append(k).append('=').append(v.length).append(" bytes "));
        return sb.append("}}").toString();
    }

    /** Builder of {@link HostOptions}. */
    public static final class Builder {
        private final Configuration options = new Configuration();
        private final Map<String, byte[]> files = new LinkedHashMap<>();

        private Builder() {}

        public <T> Builder set(ConfigOption<T> option, T value) {
            options.set(option, value);
            return this;
        }

        /** Copies {@code option} from {@code config} if it is set there. */
        public <T> Builder copy(ConfigOption<T> option, ReadableConfig config) {
            config.getOptional(option).ifPresent(v -> options.set(option, v));
            return this;
        }

        /** Ships {@code bytes} with the job under {@code name}; replaces a file of that name. */
        public Builder file(String name, byte[] bytes) {
            files.put(Objects.requireNonNull(name, "name"), bytes.clone());
            return this;
        }

        public HostOptions build() {
            Configuration copy = new Configuration();
            copy.addAll(options);
            return new HostOptions(copy, Collections.unmodifiableMap(new LinkedHashMap<>(files)));
        }
    }
}
