package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An output YoMo has no word for, declared under {@code flink.sinks}: print to stdout or append to
 * a file. With {@code tags} it receives every record with one of those tags (source records
 * included); without, it receives what the stream functions write.
 */
@PublicEvolving
public record ExtraSink(Kind kind, Optional<Path> path, Set<Long> tags, Position position) {

    /** The supported sink kinds, by their configuration spelling. */
    public enum Kind {
        PRINT,
        FILE;

        public String spelling() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ExtraSink {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        tags = Set.copyOf(tags);
        Objects.requireNonNull(position, "position");
        if (kind == Kind.FILE && path.isEmpty()) {
            throw new IllegalArgumentException("a file sink needs a path");
        }
    }

    /** True when the sink takes only what functions write (no tag filter given). */
    public boolean functionOutputsOnly() {
        return tags.isEmpty();
    }
}
