package dev.flinkyomo.wasm.runtime;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures the messages one logger writes (at INFO and above) while it is open. */
public final class CapturedLog implements AutoCloseable {

    private final String loggerName;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private CapturedLog(String loggerName) {
        this.loggerName = loggerName;
        this.appender =
                new AbstractAppender(
                        "captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        messages.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig logger = new LoggerConfig(loggerName, Level.INFO, false);
        logger.addAppender(appender, Level.INFO, null);
        config.addLogger(loggerName, logger);
        ctx.updateLoggers();
    }

    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    public List<String> messages() {
        return messages;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(loggerName);
        ctx.updateLoggers();
        appender.stop();
    }
}
