package io.cnnzoo.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cnnzoo.bench.io.AtomicFiles;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One experiment run on disk:
 * <pre>
 *   config.json              the configuration (a run resumes only under the same one)
 *   curves.csv               per-iteration curves of every model, as of the last checkpoints
 *   checkpoints/MODEL-N.zip  weights and updater state after N iterations (DL4J ModelSerializer)
 *   checkpoints/MODEL.json   progress at the last checkpoint: it names N
 *   summary.md, training-error.png
 * </pre>
 * Every file is written atomically. A checkpoint writes the weights under a new name, then the curves,
 * then the progress file, which commits it; only then is the previous weights file deleted. After a
 * crash the progress file names weights that exist, and curve rows past it are dropped on resume.
 */
public final class RunFolder {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path root;

    public RunFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    /**
     * Writes {@code config} into a new folder, or checks that an existing run holds the same one.
     *
     * @return true when an earlier run is being resumed
     */
    public boolean open(DegradationConfig config) throws IOException {
        Path file = file("config.json");
        if (Files.exists(file)) {
            DegradationConfig existing = JSON.readValue(file.toFile(), DegradationConfig.class);
            if (!existing.equals(config)) {
                throw new IllegalStateException(root + " holds a run with a different configuration:\n  there: "
                        + existing + "\n  asked: " + config + "\nChoose another folder with --out.");
            }
            return true;
        }
        Files.createDirectories(root.resolve("checkpoints"));
        AtomicFiles.writeString(file, JSON.writeValueAsString(config));
        return false;
    }

    public List<CurveRow> readCurves() throws IOException {
        Path file = file("curves.csv");
        return Files.exists(file) ? new ArrayList<>(CurvesCsv.read(file)) : new ArrayList<>();
    }

    public Optional<ModelProgress> progress(String model) throws IOException {
        Path file = checkpointFile(model, ".json");
        return Files.exists(file) ? Optional.of(JSON.readValue(file.toFile(), ModelProgress.class)) : Optional.empty();
    }

    /** The weights and updater state that {@code progress} commits, with the classpath's accelerators. */
    public ComputationGraph loadCheckpoint(ModelProgress progress) throws IOException {
        return Accelerators.apply(ModelSerializer.restoreComputationGraph(weightsFile(progress).toFile(), true));
    }

    public void checkpoint(ComputationGraph graph, ModelProgress progress, List<CurveRow> curves) throws IOException {
        Optional<ModelProgress> previous = progress(progress.model());
        AtomicFiles.write(weightsFile(progress), out -> ModelSerializer.writeModel(graph, out, true));
        writeCurves(curves);
        AtomicFiles.writeString(checkpointFile(progress.model(), ".json"), JSON.writeValueAsString(progress));
        if (previous.isPresent() && previous.get().completedIterations() != progress.completedIterations()) {
            Files.deleteIfExists(weightsFile(previous.get()));
        }
    }

    public void writeCurves(List<CurveRow> curves) throws IOException {
        CurvesCsv.writeAtomically(file("curves.csv"), curves);
    }

    private Path weightsFile(ModelProgress progress) {
        return checkpointFile(progress.model() + "-" + progress.completedIterations(), ".zip");
    }

    private Path checkpointFile(String model, String suffix) {
        return root.resolve("checkpoints").resolve(model + suffix);
    }
}
