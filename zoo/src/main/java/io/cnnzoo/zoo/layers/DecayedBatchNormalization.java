package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.List;

/**
 * DL4J's batch normalisation whose scale (gamma) and shift (beta) take the model's weight decay, as every
 * parameter does in PyTorch's {@code SGD(model.parameters(), weight_decay=...)}, in Torch's {@code optim.sgd}
 * over {@code getParameters()} (fb.resnet.torch) and under Caffe's default {@code decay_mult} of 1.
 * DL4J's own layer never regularises them, whatever the configuration says. Gamma takes the weights'
 * regularisation ({@code l2}), beta the biases' ({@code l2Bias}); the running mean and variance take none.
 * <p>
 * Same fields, same runtime layer and same JSON as DL4J's class apart from its class name.
 */
public class DecayedBatchNormalization extends BatchNormalization {

    /** DL4J's builder defaults, as {@code new BatchNormalization()} has them. */
    public DecayedBatchNormalization() {
        super();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return switch (paramName) {
            case BatchNormalizationParamInitializer.GAMMA -> getRegularization();
            case BatchNormalizationParamInitializer.BETA -> getRegularizationBias();
            default -> null;
        };
    }

    @Override
    public DecayedBatchNormalization clone() {
        return (DecayedBatchNormalization) super.clone();
    }
}
