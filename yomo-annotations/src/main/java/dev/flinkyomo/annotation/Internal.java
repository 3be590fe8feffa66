package dev.flinkyomo.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public for the module's own packages only: other modules must not use it (an ArchUnit rule in
 * {@code architecture-tests} holds them to that), and it may change in any release. The counterpart
 * of Flink's {@code org.apache.flink.annotation.Internal} for the Flink-free modules.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface Internal {}
