package io.cnnzoo.zoo;

import io.cnnzoo.zoo.optim.Momentum;
import io.cnnzoo.zoo.spi.Accelerators;
import io.cnnzoo.zoo.weights.WeightReport;
import io.cnnzoo.zoo.weights.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The options every zoo model shares, with their defaults, and the eager validation that runs before
 * anything is built. Each family extends it with its own options ({@code ResNet.cifar(56).plain()}).
 *
 * <p>Defaults: the family's input shape and class count, seed 42, and He et al.'s optimiser
 * (momentum SGD, learning rate 0.1, L2 weight decay 1e-4). Training code usually passes its own
 * updater with a learning-rate schedule.
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBuilder.class);

    /** The name of every zoo graph's input vertex. Its layout is {@link #dataFormat()}. */
    public static final String INPUT = "input";

    private int numClasses;
    private InputShape inputShape;
    private long seed = 42;
    private IUpdater updater = new Momentum(0.1, 0.9);
    private double weightDecay = 1e-4;
    private double biasDecay = Double.NaN; // NaN: the same as weightDecay
    private CNN2DFormat dataFormat = CNN2DFormat.NCHW;
    private Path weights;
    private boolean strictWeights = true;

    protected ModelBuilder(int defaultClasses, InputShape defaultInput) {
        this.numClasses = defaultClasses;
        this.inputShape = defaultInput;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B numClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    public B inputShape(int channels, int height, int width) {
        return inputShape(new InputShape(channels, height, width));
    }

    public B inputShape(InputShape inputShape) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        return self();
    }

    /** The seed of the weight initialisation: the same seed gives the same initial weights. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** The optimiser stored in the configuration, used by {@code fit}. */
    public B updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, "updater");
        return self();
    }

    /**
     * L2 weight decay on every trained parameter (weights, biases, batch norm's gamma and beta), added to
     * the gradient before the updater, as PyTorch's {@code SGD(model.parameters(), weight_decay=...)} and
     * the frameworks He et al. trained with do; 0 turns it off.
     */
    public B weightDecay(double weightDecay) {
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
        return self();
    }

    /**
     * The decay of biases and batch norm's beta, when a paper decays them otherwise than the weights
     * (Krizhevsky et al. 2012 decay only the weights); by default the same as {@link #weightDecay}.
     */
    public B biasDecay(double biasDecay) {
        if (biasDecay < 0) {
            throw new IllegalArgumentException("biasDecay must be >= 0, got " + biasDecay);
        }
        this.biasDecay = biasDecay;
        return self();
    }

    /**
     * The memory layout of image batches, inside the network and at its input: NCHW (DL4J's and
     * torchvision's default) or NHWC (channels last), which oneDNN's kernels run without layout
     * conversions. The model computes the same function either way; the parameters are identical.
     */
    public B dataFormat(CNN2DFormat dataFormat) {
        this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
        return self();
    }

    public CNN2DFormat dataFormat() {
        return dataFormat;
    }

    /**
     * Trained weights to load into the built graph: a torchvision {@code .pth} or a safetensors file under
     * torchvision's (or timm's) names, loaded strictly (every tensor used, every parameter loaded), as
     * {@link Weights#load}. With another {@link #numClasses} the classifier stays fresh and everything else
     * is loaded. {@code build()} then throws {@link UncheckedIOException} if the file cannot be read and
     * {@link io.cnnzoo.zoo.weights.WeightMismatchException} if it does not fit.
     */
    public B weights(Path file) {
        return weights(file, true);
    }

    /** As {@link #weights(Path)}; with {@code strict} false, tensors that match are loaded and the rest logged. */
    public B weights(Path file, boolean strict) {
        this.weights = Objects.requireNonNull(file, "file");
        this.strictWeights = strict;
        return self();
    }

    /** The weights file {@code build()} loads, or null. */
    public Path weights() {
        return weights;
    }

    public int numClasses() {
        return numClasses;
    }

    public InputShape inputShape() {
        return inputShape;
    }

    public long seed() {
        return seed;
    }

    public IUpdater updater() {
        return updater;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double biasDecay() {
        return Double.isNaN(biasDecay) ? weightDecay : biasDecay;
    }

    /** The smallest height and width this model accepts (its total downsampling, at least). */
    public abstract int minInputSize();

    /** The depth the model's name and paper give it: its weighted layers on the deepest path (resnet56: 56). */
    public abstract int depth();

    /** Whether the model has shortcut connections (He et al. 2016's residual learning); plain nets do not. */
    public boolean isResidual() {
        return false;
    }

    /** Checks every option, then builds the configuration without allocating parameters. */
    public final ComputationGraphConfiguration configuration() {
        validate();
        return buildConfiguration();
    }

    /** Parameters, MACs and activation shapes for this builder's input, without initialising any weight. */
    public final ModelStats stats() {
        return ModelStats.of(configuration(), inputShape);
    }

    /**
     * Checks every option, builds the configuration, initialises the parameters and applies the
     * {@link Accelerators} on the classpath (cnnzoo-onednn's CPU helpers, for example).
     */
    public final ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        if (weights != null) {
            try {
                WeightReport report = Weights.loader().strict(strictWeights).load(graph, weights);
                LOG.info("{}", report.summary());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return Accelerators.apply(graph);
    }

    protected void validate() {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        int min = minInputSize();
        if (inputShape.height() < min || inputShape.width() < min) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs an input of at least "
                    + min + "x" + min + " pixels, got " + inputShape + " (channels x height x width)");
        }
    }

    protected abstract ComputationGraphConfiguration buildConfiguration();

    /**
     * A graph builder carrying the shared settings (float32, seed, updater, weight decay, weight
     * initialisation) with the input vertex {@value #INPUT} of the chosen shape.
     */
    protected GraphBuilder graphBuilder() {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                // Layers keep their training-time pre-activations for backprop instead of recomputing
                // them (DL4J's CacheMode.NONE runs every convolution's forward pass twice per step).
                .cacheMode(CacheMode.DEVICE)
                .seed(seed)
                .weightInit(weightInit())
                .updater(updater);
        // Biases and batch norm's beta take l2Bias, batch norm's gamma l2 (see DecayedBatchNormalization).
        if (weightDecay > 0) {
            base.l2(weightDecay);
        }
        if (biasDecay() > 0) {
            base.l2Bias(biasDecay());
        }
        return base.graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(inputShape.toInputType(dataFormat));
    }

    /** He et al.'s initialisation, N(0, 2 / fan_in), unless a family's paper says otherwise. */
    protected WeightInit weightInit() {
        return WeightInit.RELU;
    }
}
