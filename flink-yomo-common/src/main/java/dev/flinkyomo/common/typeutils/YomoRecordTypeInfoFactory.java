package dev.flinkyomo.common.typeutils;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import dev.flinkyomo.common.YomoRecord;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * Gives {@link YomoRecord} its {@link YomoRecordTypeInfo} (referenced by the class's
 * {@code @TypeInfo}).
 */
@Internal
public final class YomoRecordTypeInfoFactory extends TypeInfoFactory<YomoRecord> {

    @Override
    public TypeInformation<YomoRecord> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return YomoRecordTypeInfo.INSTANCE;
    }
}
