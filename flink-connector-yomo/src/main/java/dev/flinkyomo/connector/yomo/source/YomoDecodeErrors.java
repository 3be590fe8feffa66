package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeadLetter;
import dev.flinkyomo.connector.yomo.source.reader.YomoDecodeResult;

/**
 * Dead letters of a {@link YomoSource} as a side output. A FLIP-27 source cannot have side outputs,
 * so with {@link DecodeErrorPolicy#DEAD_LETTER} and {@link
 * dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema#payloadOrDeadLetter} the
 * source emits {@link YomoDecodeResult}s and this splits them right after it:
 *
 * <pre>{@code
 * YomoSource<YomoDecodeResult<Reading>> source = YomoSource.listener()
 *         .setDeserializer(YomoDeserializationSchema.payloadOrDeadLetter(readingSchema))
 *         .setDecodeErrorPolicy(DecodeErrorPolicy.DEAD_LETTER)
 *         .build();
 * SingleOutputStreamOperator<Reading> readings =
 *         YomoDecodeErrors.split(env.fromSource(source, wm, "yomo"), readingSchema.getProducedType());
 * DataStream<YomoDeadLetter> deadLetters = readings.getSideOutput(YomoDecodeErrors.DEAD_LETTERS);
 * }</pre>
 */
@PublicEvolving
public final class YomoDecodeErrors {

    /** The side output {@link #splitter()} sends dead letters to. */
    public static final OutputTag<YomoDeadLetter> DEAD_LETTERS =
            new OutputTag<>("yomo-dead-letters", TypeInformation.of(YomoDeadLetter.class));

    private YomoDecodeErrors() {}

    /** Values to the main output, dead letters to {@link #DEAD_LETTERS}. */
    public static <T> ProcessFunction<YomoDecodeResult<T>, T> splitter() {
        return new Splitter<>();
    }

    /** {@code results.process(splitter())} with the values' type, named "yomo-decode-errors". */
    public static <T> SingleOutputStreamOperator<T> split(
            DataStream<YomoDecodeResult<T>> results, TypeInformation<T> valueType) {
        return results.process(new Splitter<T>(), valueType).name("yomo-decode-errors");
    }

    private static final class Splitter<T> extends ProcessFunction<YomoDecodeResult<T>, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(YomoDecodeResult<T> in, Context ctx, Collector<T> out) {
            if (in.isDeadLetter()) {
                ctx.output(DEAD_LETTERS, in.getDeadLetter());
            } else {
                out.collect(in.getValue());
            }
        }
    }
}
