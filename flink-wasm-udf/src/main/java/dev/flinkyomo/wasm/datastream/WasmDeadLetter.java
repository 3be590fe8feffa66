package dev.flinkyomo.wasm.datastream;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.Objects;

/**
 * An input the Wasm function could not process: the record, the module, what went wrong. A Flink
 * POJO.
 */
@PublicEvolving
public class WasmDeadLetter implements Serializable {

    private static final long serialVersionUID = 1L;

    private YomoRecord record;
    private String moduleName;

    /** TRAP, TIMEOUT, MEMORY_LIMIT or EXIT. */
    private String kind;

    private String error;
    private long failedAt;

    public WasmDeadLetter() {}

    public WasmDeadLetter(
            YomoRecord record, String moduleName, String kind, String error, long failedAt) {
        this.record = record;
        this.moduleName = moduleName;
        this.kind = kind;
        this.error = error;
        this.failedAt = failedAt;
    }

    public YomoRecord getRecord() {
        return record;
    }

    public void setRecord(YomoRecord record) {
        this.record = record;
    }

    public String getModuleName() {
        return moduleName;
    }

    public void setModuleName(String moduleName) {
        this.moduleName = moduleName;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    /** Epoch milliseconds. */
    public long getFailedAt() {
        return failedAt;
    }

    public void setFailedAt(long failedAt) {
        this.failedAt = failedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WasmDeadLetter)) {
            return false;
        }
        WasmDeadLetter that = (WasmDeadLetter) o;
        return failedAt == that.failedAt
                && Objects.equals(record, that.record)
                && Objects.equals(moduleName, that.moduleName)
                && Objects.equals(kind, that.kind)
                && Objects.equals(error, that.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record, moduleName, kind, error, failedAt);
    }

    @Override
    public String toString() {
        return "WasmDeadLetter{"
                + kind
                + " in "
                + moduleName
                + ": "
                + error
                + ", record="
                + record
                + "}";
    }
}
