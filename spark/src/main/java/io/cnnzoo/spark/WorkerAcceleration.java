package io.cnnzoo.spark;

import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Gives the graphs DL4J's Spark workers build on the executors the classpath's accelerators (cnnzoo-onednn's),
 * once per graph: the workers build them from the configuration, which leaves DL4J's built-in layer code (~25x
 * slower on a CPU).
 * <ul>
 *   <li>Parameter averaging calls it as a {@link TrainingHook} before every update: accelerated from the first.</li>
 *   <li>Shared gradients call no hooks, but pass the training master's listeners to every graph of their
 *       ParallelWrapper: as a listener it accelerates a graph after its first update, between two iterations.</li>
 * </ul>
 */
final class WorkerAcceleration extends BaseTrainingListener implements TrainingHook {

    private static final Set<Model> ACCELERATED = Collections.synchronizedSet(Collections.newSetFromMap(
            new WeakHashMap<>()));

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        accelerate(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        accelerate(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        accelerate(model);
    }

    private static void accelerate(Model model) {
        if (model instanceof ComputationGraph graph && ACCELERATED.add(graph)) {
            Accelerators.apply(graph);
        }
    }
}
