package io.cnnzoo.bench.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cnnzoo.reports.markdown.MarkdownTable;
import io.cnnzoo.zoo.ModelSpec;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every zoo model: name, family, default input, classes and trainable parameters "
                + "(weights, biases, BN gamma/beta, as torchvision counts them).")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a Markdown table.")
    private boolean json;

    /** One line of the listing. */
    record Row(String name, String family, String input, int classes, long trainableParams, String description) {
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String name : Zoo.names()) {
            ModelSpec spec = Zoo.spec(name);
            rows.add(new Row(name, spec.family(), spec.defaultInput().toString(), spec.defaultClasses(),
                    ModelStats.of(Zoo.create(name)).trainableParams(), spec.description()));
        }
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(rows));
            return 0;
        }
        MarkdownTable table = new MarkdownTable("name", "family", "input", ">classes", ">params", "description");
        for (Row row : rows) {
            table.row(row.name(), row.family(), row.input(), row.classes(),
                    String.format(Locale.ROOT, "%,d", row.trainableParams()), row.description());
        }
        System.out.print(table.render());
        return 0;
    }
}
