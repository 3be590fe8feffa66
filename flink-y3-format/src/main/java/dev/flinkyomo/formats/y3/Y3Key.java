package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Y3 key of a POJO field, the Java counterpart of Go's {@code `y3:"0x11"`} struct tag:
 *
 * <pre>{@code
 * public class NoiseData {
 *     @Y3Key(0x11) public float noise;
 *     @Y3Key(0x12) public long time;
 *     @Y3Key(0x13) public String from;
 * }
 * }</pre>
 *
 * <p>Keys are 0x00..0x3F and unique within a class. Fields without the annotation are not part of
 * the record. Used by {@link Y3PojoDeserializationSchema} and {@link Y3PojoSerializationSchema}.
 */
@PublicEvolving
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Y3Key {
    /** The key, e.g. {@code 0x11}. */
    int value();
}
