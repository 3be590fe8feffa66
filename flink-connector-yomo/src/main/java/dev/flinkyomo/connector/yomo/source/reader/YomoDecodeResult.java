package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link
 * dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema#payloadOrDeadLetter}
 * produces per record: either a decoded value or, for a frame that did not decode under {@link
 * DecodeErrorPolicy#DEAD_LETTER}, a {@link YomoDeadLetter}. A FLIP-27 source has one output, so the
 * two travel together; {@link dev.flinkyomo.connector.yomo.source.YomoDecodeErrors#split} turns
 * them into a stream of values with the dead letters on a side output. A Flink POJO (see {@link
 * #typeInfo}).
 */
@PublicEvolving
public class YomoDecodeResult<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private T value;
    private YomoDeadLetter deadLetter;

    public YomoDecodeResult() {}

    public static <T> YomoDecodeResult<T> ofValue(T value) {
        YomoDecodeResult<T> r = new YomoDecodeResult<>();
        r.value = value;
        return r;
    }

    public static <T> YomoDecodeResult<T> ofDeadLetter(YomoDeadLetter deadLetter) {
        YomoDecodeResult<T> r = new YomoDecodeResult<>();
        r.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter");
        return r;
    }

    /** The POJO type of results with values of {@code valueType}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeInformation<YomoDecodeResult<T>> typeInfo(TypeInformation<T> valueType) {
        return (TypeInformation)
                Types.POJO(
                        YomoDecodeResult.class,
                        Map.of(
                                "value",
                                valueType,
                                "deadLetter",
                                TypeInformation.of(YomoDeadLetter.class)));
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    public T getValue() {
        return value;
    }

    public void setValue(T value) {
        this.value = value;
    }

    public YomoDeadLetter getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(YomoDeadLetter deadLetter) {
        this.deadLetter = deadLetter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoDecodeResult<?> r
                && Objects.equals(value, r.value)
                && Objects.equals(deadLetter, r.deadLetter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, deadLetter);
    }

    @Override
    public String toString() {
        return deadLetter != null ? deadLetter.toString() : "YomoDecodeResult{" + value + "}";
    }
}
