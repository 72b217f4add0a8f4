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
        description = "Print one model's vertices in order: type, output shape (C, H, W) and parameters.")
final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "A zoo model name (see 'cnnzoo models').")
    private String name;

    @Option(names = "--input", paramLabel = "C,H,W", split = ",",
            description = "Input shape, channels first (default: the model's, e.g. 3,32,32).")
    private int[] input;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: the model's).")
    private Integer classes;

    @Override
    public Integer call() {
        ModelBuilder<?> builder = Zoo.builder(name);
        if (input != null) {
            if (input.length != 3) {
                throw new IllegalArgumentException("--input takes three numbers C,H,W, got " + input.length);
            }
            builder.inputShape(input[0], input[1], input[2]);
        }
        if (classes != null) {
            builder.numClasses(classes);
        }
        InputShape shape = builder.inputShape();
        ModelStats stats = ModelStats.of(builder.build(), shape);
        MarkdownTable table = new MarkdownTable("vertex", "type", "output", ">trainable params");
        for (ModelStats.VertexStats v : stats.vertices()) {
            table.row(v.name(), v.type(), v.outputShape(), String.format(Locale.ROOT, "%,d", v.trainableParams()));
        }
        System.out.println(name + " for input " + shape + ", " + builder.numClasses() + " classes\n");
        System.out.print(table.render());
        System.out.printf(Locale.ROOT, "%nTrainable parameters: %,d (DL4J total, with BN running statistics: %,d)%n",
                stats.trainableParams(), stats.totalParams());
        return 0;
    }
}
