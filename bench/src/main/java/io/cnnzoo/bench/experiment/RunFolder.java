package io.cnnzoo.bench.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cnnzoo.bench.suite.BenchEnvironment;
import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.RunKind;
import io.cnnzoo.reports.html.RunEnvironment;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import io.cnnzoo.reports.curves.CurvesFormatException;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experiment run on disk:
 * <pre>
 *   run.json                 schema version and kind (degradation or train); environment.json: the machine
 *   config.json              the configuration (a run resumes only under the same one)
 *   curves.csv               per-iteration curves of every model, as of the last checkpoints
 *   checkpoints/MODEL-N.zip  weights and updater state after N iterations (DL4J ModelSerializer)
 *   checkpoints/MODEL.json   progress at the last checkpoint: it names N
 *   summary.md, report.html, table6.md, fig6.png/svg, training-error.png/svg
 * </pre>
 * Every file is written atomically. A checkpoint writes the weights under a new name, then the curves,
 * then the progress file, which commits it; only then is the previous weights file deleted. After a
 * crash the progress file names weights that exist, and curve rows past it are dropped on resume.
 *
 * <p>A file that cannot be used — unreadable, truncated, missing while a checkpoint needs it — is a
 * {@link RunFolderException} naming it and saying what to do; results are never dropped or overwritten
 * silently (a run whose {@code curves.csv} lost rows that a checkpoint covers refuses to go on).
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
            RunKind.checkSchema(root); // a newer cnnzoo's run is not resumed by this one
            DegradationConfig existing = read(file, DegradationConfig.class, "run configuration",
                    "delete " + root + " to start this run over, or choose another folder with --out");
            if (!sameRecipe(existing, config)) {
                throw new RunFolderException(file, "holds a run with a different configuration:\n  there: "
                        + existing + "\n  asked: " + config, "choose another folder with --out (or run the "
                        + "command that started this run to resume it)", null);
            }
            return true;
        }
        Files.createDirectories(root.resolve("checkpoints"));
        // run.json and environment.json first: config.json marks the folder as a run, so it is written last
        AtomicFiles.writeString(file("run.json"), JSON.writeValueAsString(Map.of("schema", RunKind.SCHEMA,
                "kind", config.preset().equals("train") ? "train" : "degradation",
                "created", java.time.OffsetDateTime.now().toString())));
        AtomicFiles.writeString(file(RunEnvironment.FILE), JSON.writeValueAsString(BenchEnvironment.capture()));
        AtomicFiles.writeString(file, JSON.writeValueAsString(config));
        return false;
    }

    /** The run's configuration, for rendering a finished or interrupted run again. */
    public DegradationConfig readConfig() throws IOException {
        Path file = file("config.json");
        if (!Files.exists(file)) {
            throw new RunFolderException(file, "missing: " + root + " is not a degradation or train run folder",
                    "give ./cnnzoo report a folder written by ./cnnzoo degradation, train or bench", null);
        }
        return read(file, DegradationConfig.class, "run configuration", "restore config.json from a copy of the run");
    }

    /** Equal but for the description, which a newer jar may word differently for the same preset. */
    private static boolean sameRecipe(DegradationConfig a, DegradationConfig b) {
        com.fasterxml.jackson.databind.node.ObjectNode x = JSON.valueToTree(a);
        com.fasterxml.jackson.databind.node.ObjectNode y = JSON.valueToTree(b);
        x.remove("description");
        y.remove("description");
        return x.equals(y);
    }

    /**
     * The curves as of the last checkpoints. Every committed checkpoint must find its rows: a missing or short
     * {@code curves.csv} is refused rather than resumed into a chart that silently lacks them.
     *
     * @param committed each model's progress file, as read by {@link #progress}
     */
    public List<CurveRow> readCurves(List<ModelProgress> committed) throws IOException {
        Path file = file("curves.csv");
        String remedy = "restore curves.csv if you have a copy; otherwise delete " + root.resolve("checkpoints")
                + " to train every model again (or choose another --out)";
        List<CurveRow> rows;
        if (!Files.exists(file)) {
            rows = new ArrayList<>();
        } else {
            try {
                rows = new ArrayList<>(CurvesCsv.read(file));
            } catch (CurvesFormatException e) {
                throw new RunFolderException(file, "unreadable curves (" + e.getMessage() + ")", remedy, e);
            }
        }
        for (ModelProgress progress : committed) {
            long held = rows.stream().filter(r -> r.model().equals(progress.model())
                    && r.iteration() < progress.completedIterations()).count();
            if (held < progress.completedIterations()) {
                throw new RunFolderException(file, (Files.exists(file) ? "holds " + held : "is missing, so it holds 0")
                        + " rows of " + progress.model() + ", but its checkpoint is at iteration "
                        + progress.completedIterations() + ": resuming would lose those curves", remedy, null);
            }
        }
        return rows;
    }

    public Optional<ModelProgress> progress(String model) throws IOException {
        Path file = checkpointFile(model, ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file, ModelProgress.class, "progress file", retrain(model)));
    }

    /** The weights and updater state that {@code progress} commits, with the classpath's accelerators. */
    public ComputationGraph loadCheckpoint(ModelProgress progress) throws IOException {
        Path file = weightsFile(progress);
        if (!Files.exists(file)) {
            throw new RunFolderException(file, "missing, but " + checkpointFile(progress.model(), ".json").getFileName()
                    + " names it as the checkpoint after iteration " + progress.completedIterations(),
                    retrain(progress.model()), null);
        }
        try {
            return Zoo.restore(file);
        } catch (IOException | RuntimeException e) {
            throw new RunFolderException(file, "cannot be restored as a checkpoint (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", retrain(progress.model()), e);
        }
    }

    /** What to do when one model's checkpoint is unusable: that model starts over, the others keep theirs. */
    private String retrain(String model) {
        Path checkpoints = root.resolve("checkpoints");
        return "delete " + checkpoints.resolve(model + ".json") + " and " + checkpoints.resolve(model + "-*.zip")
                + " to train " + model + " again from the start (the other models keep their results), or choose "
                + "another --out";
    }

    private static <T> T read(Path file, Class<T> type, String what, String remedy) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JacksonException | CharConversionException e) {
            // CharConversionException: Jackson guessed UTF-16/32 from the first bytes and met an invalid character.
            String detail = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new RunFolderException(file, "not a readable " + what + " (" + detail + ")", remedy, e);
        }
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

    /**
     * Commits a run that diverged: its curves up to the divergence and a progress file that says so, so that
     * resuming skips it. The weights of its last regular checkpoint ({@code MODEL-N.zip}, N the last evaluation
     * before the divergence) stay in {@code checkpoints/}.
     */
    public void recordDivergence(ModelProgress stopped, List<CurveRow> curves) throws IOException {
        writeCurves(curves);
        AtomicFiles.writeString(checkpointFile(stopped.model(), ".json"), JSON.writeValueAsString(stopped));
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
