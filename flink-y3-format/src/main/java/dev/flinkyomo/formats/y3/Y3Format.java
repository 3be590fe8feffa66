package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.Format;

/** What the decoding and encoding sides share: the parsed options, insert-only changelog. */
@Internal
abstract class Y3Format implements Format {

    protected final Y3FormatConfig config;

    Y3Format(Y3FormatConfig config) {
        this.config = config;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && config.equals(((Y3Format) o).config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "y3(" + config + ")";
    }
}
