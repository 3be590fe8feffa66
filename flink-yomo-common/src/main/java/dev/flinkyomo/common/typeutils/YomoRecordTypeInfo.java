package dev.flinkyomo.common.typeutils;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

import dev.flinkyomo.common.YomoRecord;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link YomoRecord} stays a POJO to Flink (field expressions such as {@code keyBy("tag")} and the
 * Table API see its fields), but is serialized and copied by the dedicated {@link
 * YomoRecordSerializer} instead of the reflective POJO serializer: every record of a YoMo job
 * passes through it, between chained operators too when object reuse is off.
 *
 * <p>The {@code metadata} field holds a {@link dev.flinkyomo.common.YomoMetadata}; Flink is told it
 * is a {@code MAP<STRING, STRING>}, which is what the record's getter and setter exchange.
 */
@Internal
public final class YomoRecordTypeInfo extends PojoTypeInfo<YomoRecord> {

    private static final long serialVersionUID = 1L;

    public static final YomoRecordTypeInfo INSTANCE = new YomoRecordTypeInfo();

    private YomoRecordTypeInfo() {
        super(YomoRecord.class, fields());
    }

    private static List<PojoField> fields() {
        List<PojoField> fields = new ArrayList<>();
        fields.add(field("tag", BasicTypeInfo.LONG_TYPE_INFO));
        fields.add(field("payload", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        fields.add(
                field(
                        "metadata",
                        new MapTypeInfo<>(
                                BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO)));
        fields.add(field("clientName", BasicTypeInfo.STRING_TYPE_INFO));
        fields.add(field("clientId", BasicTypeInfo.STRING_TYPE_INFO));
        fields.add(field("receivedAt", BasicTypeInfo.LONG_TYPE_INFO));
        return fields;
    }

    private static PojoField field(String name, TypeInformation<?> type) {
        try {
            Field f = YomoRecord.class.getDeclaredField(name);
            return new PojoField(f, type);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("YomoRecord has no field " + name, e);
        }
    }

    @Override
    public TypeSerializer<YomoRecord> createSerializer(SerializerConfig config) {
        return YomoRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "YomoRecord";
    }
}
