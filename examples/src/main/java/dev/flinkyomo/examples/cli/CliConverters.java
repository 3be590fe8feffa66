package dev.flinkyomo.examples.cli;

import dev.flinkyomo.bridge.config.DurationParser;
import dev.flinkyomo.yomo.Tag;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** Parsers for the simulators' option values, with messages that say what was expected. */
public final class CliConverters {

    private CliConverters() {}

    public record Endpoint(String host, int port) {}

    public static final class EndpointConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            URI uri;
            try {
                uri = new URI("yomo://" + value.trim());
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null
                    || uri.getHost() == null
                    || uri.getPort() < 1
                    || uri.getPort() > 65_535) {
                throw new TypeConversionException(
                        "expected HOST:PORT with a port 1..65535, e.g. localhost:9000, got '"
                                + value
                                + "'");
            }
            return new Endpoint(uri.getHost(), uri.getPort());
        }
    }

    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationParser.parsePositive(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Tags as YoMo writes them: {@code 0x33} or decimal {@code 51}. */
    public static final class TagConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Tag.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
