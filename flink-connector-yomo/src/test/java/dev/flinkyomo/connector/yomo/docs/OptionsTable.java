package dev.flinkyomo.connector.yomo.docs;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.table.factories.Factory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A factory's options as a Markdown table (key, required, default, type, description), generated
 * from the {@link ConfigOption}s themselves so the docs cannot drift from the code: the type comes
 * from the declaring constant's generic type, enum values from the enum, the text from the option's
 * description.
 */
final class OptionsTable {

    private OptionsTable() {}

    /**
     * @param prefix written before every key (a format's options are used as {@code
     *     <format>.<key>}); empty for none
     * @param holders the classes declaring the factory's options as static constants
     */
    static String of(Factory factory, String prefix, Class<?>... holders) {
        List<ConfigOption<?>> options = new ArrayList<>(factory.requiredOptions());
        options.addAll(factory.optionalOptions());
        options.sort(
                Comparator.comparing((ConfigOption<?> o) -> !factory.requiredOptions().contains(o))
                        .thenComparing(ConfigOption::key));
        StringBuilder out =
                new StringBuilder(
                        "| Option | Required | Default | Type | Description |\n"
                                + "|---|---|---|---|---|\n");
        for (ConfigOption<?> o : options) {
            Type type = declaredType(o, holders);
            out.append("| `")
                    .append(prefix)
                    .append(o.key())
                    .append('`')
                    .append(fallbacks(o, prefix))
                    .append(" | ")
                    .append(factory.requiredOptions().contains(o) ? "required" : "optional")
                    .append(" | ")
                    .append(o.hasDefaultValue() ? "`" + render(o.defaultValue()) + "`" : "(none)")
                    .append(" | ")
                    .append(typeName(type))
                    .append(" | ")
                    .append(cell(new PlainText().format(o.description())))
                    .append(enumValues(type))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String fallbacks(ConfigOption<?> o, String prefix) {
        List<String> keys = new ArrayList<>();
        for (FallbackKey k : o.fallbackKeys()) {
            keys.add("`" + prefix + k.getKey() + "`");
        }
        return keys.isEmpty() ? "" : "<br>(also " + String.join(", ", keys) + ")";
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        if (value instanceof java.time.Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
        return String.valueOf(value);
    }

    private static Type declaredType(ConfigOption<?> option, Class<?>... holders) {
        List<Class<?>> all = new ArrayList<>(Arrays.asList(holders));
        all.add(org.apache.flink.table.factories.FactoryUtil.class);
        for (Class<?> holder : all) {
            for (Field f : holder.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.equals(f.getType())
                        && option.equals(value(f))) {
                    return ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
                }
            }
        }
        throw new IllegalStateException(
                "option '" + option.key() + "' is declared in none of " + all);
    }

    private static Object value(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            return ((Class<?>) p.getRawType()).getSimpleName()
                    + "&lt;"
                    + Arrays.stream(p.getActualTypeArguments())
                            .map(OptionsTable::typeName)
                            .collect(Collectors.joining(", "))
                    + "&gt;";
        }
        Class<?> c = (Class<?>) type;
        return c.isEnum() ? "Enum" : c.getSimpleName();
    }

    private static String enumValues(Type type) {
        if (!(type instanceof Class<?> c) || !c.isEnum()) {
            return "";
        }
        StringBuilder values = new StringBuilder("<br>Values: ");
        Object[] constants = c.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            Object v = constants[i];
            values.append(i == 0 ? "" : ", ").append('`').append(v).append('`');
            if (v instanceof DescribedEnum d) {
                values.append(": ").append(cell(new PlainText().format(d.getDescription())));
            }
        }
        return values.toString();
    }

    private static String cell(String text) {
        return text.replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("|", "\\|")
                .replace("\n", "<br>");
    }

    /** Descriptions as plain text (Flink's own formatter writes HTML). */
    private static final class PlainText extends Formatter {

        String format(org.apache.flink.configuration.description.InlineElement element) {
            return format(
                    org.apache.flink.configuration.description.Description.builder()
                            .text("%s", element)
                            .build());
        }

        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append('[').append(description).append("](").append(link).append(')');
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append('\n');
        }

        @Override
        protected void formatText(
                StringBuilder state,
                String format,
                String[] elements,
                EnumSet<org.apache.flink.configuration.description.TextElement.TextStyle> styles) {
            state.append(
                    elements.length == 0 ? format : String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            for (String e : entries) {
                state.append("\n- ").append(e);
            }
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
