package dev.flinkyomo.yomo.transport;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The messages one class logs while open, as the root logger sees them (log4j is the test binding).
 * The appender sits on the root logger so the console output stays as configured.
 */
final class CapturedLog implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final LoggerContext context = LoggerContext.getContext(false);
    private final AbstractAppender appender;

    CapturedLog(Class<?> source) {
        appender =
                new AbstractAppender(
                        "captured-" + source.getName(), null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        if (source.getName().equals(event.getLoggerName())) {
                            messages.add(event.getMessage().getFormattedMessage());
                        }
                    }
                };
        appender.start();
        root().addAppender(appender, null, null);
        context.updateLoggers();
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    private LoggerConfig root() {
        return context.getConfiguration().getRootLogger();
    }

    @Override
    public void close() {
        root().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
