package io.cnnzoo.bench.cli;

import io.cnnzoo.reports.markdown.MarkdownTable;
import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print one model's vertices in order: type, output shape (C, H, W), trainable parameters "
                + "and multiply-accumulates (MACs) per image; then the totals and a training-memory estimate. "
                + "Counted from the configuration: no weights are allocated.")
final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "A zoo model name (see 'cnnzoo models').")
    private String name;

    @Option(names = "--input", paramLabel = "CxHxW", converter = ShapeConverter.class,
            description = "Input shape, channels first, as printed (1x28x28) or with commas (1,28,28); default: "
                    + "the model's.")
    private InputShape input;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: the model's).")
    private Integer classes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "128",
            description = "Batch size of the training-memory estimate, at least 1 (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        String model = Names.model(name);
        ModelBuilder<?> builder = Zoo.builder(model);
        if (input != null) {
            builder.inputShape(input.channels(), input.height(), input.width());
        }
        if (classes != null) {
            builder.numClasses(classes);
        }
        InputShape shape = builder.inputShape();
        ModelStats stats = builder.stats();
        MarkdownTable table = new MarkdownTable("vertex", "type", "output", ">trainable params", ">MACs");
        for (ModelStats.VertexStats v : stats.vertices()) {
            table.row(v.name(), v.type(), v.outputShape(), String.format(Locale.ROOT, "%,d", v.trainableParams()),
                    v.macs() == 0 ? "" : String.format(Locale.ROOT, "%,d", v.macs()));
        }
        System.out.println(model + " for input " + shape + ", " + builder.numClasses() + " classes\n");
        System.out.print(table.render());
        System.out.printf(Locale.ROOT, "%nTrainable parameters: %,d (DL4J total, with BN running statistics: %,d)%n",
                stats.trainableParams(), stats.totalParams());
        System.out.printf(Locale.ROOT, "MACs per image: %,d (%.3f GMACs, %.3f GFLOPs; conv and dense layers)%n",
                stats.macs(), stats.macs() / 1e9, stats.flops() / 1e9);
        System.out.printf(Locale.ROOT, "Training memory, batch %d: ~%.0f MiB (activations and their gradients, "
                + "parameters, gradients, two updater buffers; workspaces come on top)%n",
                batch, stats.trainingMemoryBytes(batch) / 1048576.0);
        return 0;
    }
}
