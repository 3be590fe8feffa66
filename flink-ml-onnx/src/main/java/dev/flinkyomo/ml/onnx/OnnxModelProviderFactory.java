package dev.flinkyomo.ml.onnx;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.LogicalType;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.ModelException;
import dev.flinkyomo.onnx.ModelLocation;
import dev.flinkyomo.onnx.SessionSettings;
import dev.flinkyomo.onnx.SharedModels;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code 'provider' = 'onnx'}: reads the model when the statement is planned, checks the INPUT and
 * OUTPUT schemas against the model's declared tensors (so a mismatch is a planning error naming the
 * model and column, not a task failure later), and ships the model with the job.
 */
public final class OnnxModelProviderFactory implements ModelProviderFactory {

    public static final String IDENTIFIER = "onnx";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(OnnxModelOptions.PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                OnnxModelOptions.LABELS,
                OnnxModelOptions.TIMEOUT,
                OnnxModelOptions.INTRA_OP_THREADS,
                OnnxModelOptions.ERROR_HANDLING_STRATEGY,
                OnnxModelOptions.MAX_BATCH_SIZE);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String model = context.getObjectIdentifier().asSummaryString();
        byte[] bytes = read(model, options.get(OnnxModelOptions.PATH), context.getClassLoader());
        SessionSettings settings =
                new SessionSettings(options.get(OnnxModelOptions.INTRA_OP_THREADS));

        ResolvedSchema in = context.getCatalogModel().getResolvedInputSchema();
        ResolvedSchema out = context.getCatalogModel().getResolvedOutputSchema();
        List<InputBinding> inputs = new ArrayList<>();
        List<OutputBinding> outputs;
        try (LoadedModel loaded = SharedModels.get().acquire(model, bytes, settings)) {
            if (in.getColumnCount() != loaded.inputs().size()) {
                throw new ValidationException(
                        "Model '"
                                + model
                                + "': INPUT has "
                                + in.getColumnCount()
                                + " columns but the model takes "
                                + loaded.inputs().size()
                                + " inputs "
                                + loaded.inputs());
            }
            for (int i = 0; i < in.getColumnCount(); i++) {
                Column c = in.getColumns().get(i);
                inputs.add(
                        InputBinding.of(
                                model,
                                c.getName(),
                                c.getDataType().getLogicalType(),
                                loaded.inputs().get(i)));
            }
            List<LogicalType> types = new ArrayList<>();
            out.getColumnDataTypes().forEach(t -> types.add(t.getLogicalType()));
            outputs =
                    OutputBinding.of(
                            model,
                            out.getColumnNames(),
                            types,
                            loaded.outputs(),
                            options.getOptional(OnnxModelOptions.LABELS).orElse(null));
        } catch (ModelException e) {
            throw new ValidationException("Model '" + model + "': " + e.getMessage(), e);
        }
        return new OnnxModelProvider(
                new PredictionSchema(model, inputs, outputs),
                new PredictionSettings(
                        bytes,
                        settings,
                        options.get(OnnxModelOptions.TIMEOUT),
                        options.get(OnnxModelOptions.ERROR_HANDLING_STRATEGY),
                        options.get(OnnxModelOptions.MAX_BATCH_SIZE)));
    }

    private static byte[] read(String model, String path, ClassLoader loader) {
        try (InputStream in = ModelLocation.open(path, loader)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ValidationException(
                    "Model '" + model + "': option 'path' = '" + path + "' cannot be read: " + e,
                    e);
        }
    }
}
