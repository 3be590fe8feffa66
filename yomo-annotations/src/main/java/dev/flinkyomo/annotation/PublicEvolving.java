package dev.flinkyomo.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * API of the Flink-free modules ({@code y3-codec}, {@code yomo-java}) that applications may use,
 * but that may still change between minor releases. The Flink modules use Flink's own {@code
 * org.apache.flink.annotation.PublicEvolving}, which means the same; these modules cannot, as they
 * import nothing from Flink.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface PublicEvolving {}
