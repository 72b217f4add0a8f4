package io.cnnzoo.bench.cli;

import io.cnnzoo.zoo.helpers.OneDnnHelpers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one entry point: {@code ./cnnzoo <command>}. */
@Command(name = "cnnzoo", mixinStandardHelpOptions = true, version = "cnnzoo 0.1.0-SNAPSHOT",
        description = "A Deeplearning4j model zoo and benchmark suite for convolutional networks.",
        subcommands = {ModelsCommand.class, SummaryCommand.class, ClassifyCommand.class, DataCommand.class,
                DegradationCommand.class,
                CommandLine.HelpCommand.class})
public final class CnnzooCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Before any layer exists, including those of a checkpoint restored without a zoo builder.
        OneDnnHelpers.enableByDefault();
        System.exit(commandLine().execute(args));
    }

    /** The command line with cnnzoo's error handling: expected failures print one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CnnzooCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof IOException || e instanceof UncheckedIOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }
}
