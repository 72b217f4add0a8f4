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
        description = "List every zoo model: name, family, default input, classes, trainable parameters "
                + "(weights, biases, BN gamma/beta, as torchvision counts them) and GMACs per image at the "
                + "default input (conv and dense multiply-accumulates: torchvision's GFLOPS column). "
                + "Counted from the configurations: no weights are allocated.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a Markdown table.")
    private boolean json;

    /** One line of the listing. */
    record Row(String name, String family, String input, int classes, long trainableParams, double gmacs,
               String description, String citation) {
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = rows();
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(rows));
            return 0;
        }
        System.out.print(markdown(rows));
        return 0;
    }

    /** Every registry entry, counted from its configuration. */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String name : Zoo.names()) {
            ModelSpec spec = Zoo.spec(name);
            ModelStats stats = Zoo.builder(name).stats();
            rows.add(new Row(name, spec.family(), spec.defaultInput().toString(), spec.defaultClasses(),
                    stats.trainableParams(), stats.macs() / 1e9, spec.description(), spec.citation()));
        }
        return rows;
    }

    /** The Markdown table {@code cnnzoo models} prints (and docs/models.md embeds). */
    static String markdown(List<Row> rows) {
        MarkdownTable table = new MarkdownTable("name", "family", "input", ">classes", ">params", ">GMACs",
                "description");
        for (Row row : rows) {
            table.row(row.name(), row.family(), row.input(), row.classes(),
                    String.format(Locale.ROOT, "%,d", row.trainableParams()), gmacs(row.gmacs()), row.description());
        }
        return table.render();
    }

    /** Three significant digits at least, as torchvision prints them (0.714, 1.814, 19.63). */
    static String gmacs(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.2f", value)
                : value >= 1 ? String.format(Locale.ROOT, "%.3f", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
