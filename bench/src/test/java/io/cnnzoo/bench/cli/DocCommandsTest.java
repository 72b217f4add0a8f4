package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.TinyCifar10;
import io.cnnzoo.bench.experiment.TinyFashionMnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.cnnzoo.bench.cli.CliErrorsTest.cnnzoo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The {@code ./cnnzoo} commands that README.md and docs/*.md show in code blocks cannot rot: every one must parse
 * (its command, subcommand and options exist), and every one that needs no network, no download and no weights
 * file runs, with options that make it short appended (later options win): two iterations on tiny datasets, a
 * bench's plan instead of its hours, report folders copied out of docs/results first.
 */
class DocCommandsTest {

    /** A command as the docs show it. */
    record DocCommand(String where, List<String> args) {

        String subcommand() {
            return args.isEmpty() ? "" : args.get(0);
        }

        boolean has(String option) {
            return args.contains(option);
        }

        @Override
        public String toString() {
            return where + ": ./cnnzoo " + String.join(" ", args);
        }
    }

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** What the docs' placeholders stand for here. */
    private static final String[][] PLACEHOLDERS = {{"<command>", "models"}, {"<date>", "2026-12-01"}, {"<run>", "run"}};

    @TempDir
    static Path tmp;

    private static Path data;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void tinyDatasets() throws IOException {
        data = tmp.resolve("data");
        TinyFashionMnist.write(data.resolve("fashion-mnist"));
        TinyCifar10.write(data.resolve("cifar-10"), 8, 8);
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandParses() throws IOException {
        List<DocCommand> commands = commands();
        assertFalse(commands.size() < 20, "the docs show more commands than " + commands);
        return commands.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            CommandLine cli = CnnzooCommand.commandLine();
            cli.parseArgs(c.args().toArray(String[]::new)); // throws on an unknown command or option
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandThatNeedsNoNetworkRuns() throws IOException {
        return commands().stream().filter(DocCommandsTest::runsOffline).map(c -> DynamicTest.dynamicTest(
                c.toString(), () -> {
                    List<String> args = shortened(c);
                    CliErrorsTest.Run run = cnnzoo(true, args.toArray(String[]::new));
                    assertEquals(0, run.exit(), c + "\nran as ./cnnzoo " + String.join(" ", args) + "\n" + run.err());
                }));
    }

    /**
     * Every command's --help prints its description as written: picocli formats descriptions as format strings, and
     * a bare '%' ("50% of the iterations") makes it warn on stderr and print the text unformatted.
     */
    @TestFactory
    Stream<DynamicTest> everyCommandsHelpFormats() {
        List<List<String>> commands = new ArrayList<>();
        collect(CnnzooCommand.commandLine(), new ArrayList<>(), commands);
        return commands.stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --help", () -> {
            java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
            java.io.PrintStream previous = System.err;
            System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
            CliErrorsTest.Run run;
            try {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                run = cnnzoo(args.toArray(String[]::new));
            } finally {
                System.setErr(previous);
            }
            assertEquals(0, run.exit(), run.err());
            String warnings = stderr.toString(java.nio.charset.StandardCharsets.UTF_8) + run.err();
            assertFalse(warnings.contains("Could not format"), warnings);
        }));
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (sub.getParent() == cli && !name.equals("help")) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                collect(sub, longer, into);
            }
        });
    }

    /** Fetching downloads, weights files (classify, --weights) are downloads nobody ships, verify reads it all. */
    private static boolean runsOffline(DocCommand c) {
        return !(c.subcommand().equals("classify") || c.has("--weights")
                || (c.subcommand().equals("data") && !c.has("info"))) || c.has("--help");
    }

    /** The command with options that make it short, its outputs in the test's folder. */
    private static List<String> shortened(DocCommand c) throws IOException {
        List<String> args = new ArrayList<>(c.args());
        Path out = tmp.resolve("out-" + RUNS.incrementAndGet());
        if (c.has("--help") || c.has("--print-preset")) {
            return args;
        }
        switch (c.subcommand()) {
            case "degradation" -> {
                if (!c.has("--models")) {
                    args.addAll(List.of("--depths", "20"));
                }
                args.addAll(List.of("--iterations", "2", "--eval-every", "2", "--batch", "8", "--set",
                        "trainSubsetSize=16", "--data-dir", data.toString(), "--out", out.toString()));
            }
            case "train" -> {
                int epochs = args.indexOf("--epochs");
                if (epochs >= 0) {
                    args.subList(epochs, epochs + 2).clear();
                }
                args.addAll(List.of("--iterations", "2", "--batch", "8", "--data-dir", data.toString(), "--out",
                        out.toString()));
            }
            case "bench" -> args.add("--list");
            case "report" -> {
                for (int i = 1; i < args.size(); i++) {
                    args.set(i, runFolder(args.get(i), out.resolve("run-" + i)));
                }
                if (c.has("compare") && !c.has("--out")) {
                    args.addAll(List.of("--out", out.resolve("compare").toString()));
                }
                int o = args.indexOf("--out");
                if (o >= 0) {
                    args.set(o + 1, out.resolve("compare").toString());
                }
            }
            default -> { }
        }
        return args;
    }

    /**
     * A run folder the docs name: a copy of docs/results' reference run, or for a placeholder (runs/A,
     * bench-runs/BEFORE) a copy of the reference run of its kind; anything else unchanged.
     */
    private static String runFolder(String arg, Path copy) throws IOException {
        if (arg.startsWith("-") || arg.equals("compare")) {
            return arg;
        }
        Path results = ROOT.resolve("docs/results");
        Path source = Files.isDirectory(ROOT.resolve(arg)) ? ROOT.resolve(arg)
                : arg.startsWith("bench-runs/") ? results.resolve("bench-full")
                : arg.startsWith("runs/") ? results.resolve("degradation-medium") : null;
        if (source == null || !source.startsWith(results)) {
            return arg;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy.toString();
    }

    /** Every {@code ./cnnzoo} line in a fenced code block of README.md and docs/*.md, its comment removed. */
    static List<DocCommand> commands() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<DocCommand> commands = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("```")) {
                    fenced = !fenced;
                } else if (fenced && line.startsWith("./cnnzoo ")) {
                    String where = ROOT.relativize(file) + ":" + (i + 1);
                    String command = line.substring("./cnnzoo ".length());
                    for (String[] placeholder : PLACEHOLDERS) {
                        command = command.replace(placeholder[0], placeholder[1]);
                    }
                    if (command.matches(".*<[a-zA-Z_-]+>.*")) {
                        throw new AssertionError(where + ": a placeholder this test cannot fill in: " + line
                                + "; add it to DocCommandsTest.PLACEHOLDERS");
                    }
                    commands.add(new DocCommand(where, words(command)));
                }
            }
        }
        return commands;
    }

    /** Shell words up to a {@code #} comment; single and double quotes group. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(ch)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (ch == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(ch);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
