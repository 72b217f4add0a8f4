package io.cnnzoo.bench.cli;

import org.deeplearning4j.util.CrashReportingUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.File;
import java.io.PrintWriter;
import java.util.List;

/** The one entry point: {@code ./cnnzoo <command>}. */
@Command(name = "cnnzoo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "A Deeplearning4j model zoo and benchmark suite for convolutional networks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
                "1:a check failed (data verify found a missing or differing file; train's model diverged)",
                "2:usage: an unknown name, a bad option value, a model that cannot be built",
                "3:data: a file or download missing, damaged or not what was expected",
                "4:resources: not enough memory or disk",
                "70:internal error: a bug (--verbose prints the stack trace)",
                "130:interrupted: Ctrl-C stopped a training run after a checkpoint (the same command resumes it; 143 after SIGTERM)"},
        subcommands = {ModelsCommand.class, SummaryCommand.class, ClassifyCommand.class, DataCommand.class,
                DegradationCommand.class, TrainCommand.class, BenchCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class CnnzooCommand implements Runnable {

    /** Where DL4J's memory crash reports go instead of the current directory. */
    static final File CRASH_DUMPS = new File(System.getProperty("user.home"), ".cnnzoo/crash-dumps");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    // Declared so that every command accepts it; report() reads it from the arguments, since failures in a
    // subcommand are reported from the handler, which sees the parse result rather than this field.
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the cause and remedy.")
    private boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // DL4J writes dl4j-memory-crash-dump-*.txt on an out-of-memory error; not into the user's folder.
        CrashReportingUtil.crashDumpOutputDirectory(CRASH_DUMPS);
        CommandLine cli = commandLine();
        int exit;
        try {
            exit = cli.execute(args);
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            // a class that failed to initialise is an Error, which picocli's handlers never see; ND4J finding no
            // backend it can load (a CUDA build without a driver) is one. Failure says which it was.
            exit = report(e, cli, List.of(args));
        }
        System.exit(exit);
    }

    /**
     * The command line with cnnzoo's error handling: every failure prints one line of cause and one of remedy
     * (the stack trace too with {@code --verbose}) and exits with the code of its kind ({@link Failure}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CnnzooCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                report(e, commandLine, parseResult.originalArgs()));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine.UnmatchedArgumentException.printSuggestions(e, e.getCommandLine().getErr()); // picocli's own
            return report(e, e.getCommandLine(), List.of(args));
        });
        return cli;
    }

    private static int report(Throwable e, CommandLine commandLine, List<String> args) {
        Failure failure = Failure.of(e, commandName(commandLine));
        PrintWriter err = commandLine.getErr();
        err.println("error: " + failure.cause());
        err.println("hint: " + failure.remedy());
        if (args.contains("--verbose")) {
            e.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    /** {@code "cnnzoo data fetch"} for the data command's fetch subcommand. */
    private static String commandName(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName(" ");
    }
}
