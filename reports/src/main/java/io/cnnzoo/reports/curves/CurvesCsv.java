package io.cnnzoo.reports.curves;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The experiment's per-iteration CSV: one header line, then one {@link CurveRow} per line. */
public final class CurvesCsv {

    public static final String HEADER = "model,iteration,lr,loss,batch_error,train_error,test_error";

    private CurvesCsv() {
    }

    public static String format(CurveRow row) {
        return String.join(",", row.model(), Long.toString(row.iteration()), number(row.lr()), number(row.loss()),
                number(row.batchError()), number(row.trainError()), number(row.testError()));
    }

    public static CurveRow parse(String line, Path file, int lineNumber) {
        String[] f = line.split(",", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " has " + f.length
                    + " fields, expected 7 (" + HEADER + ")");
        }
        try {
            return new CurveRow(f[0], Long.parseLong(f[1]), value(f[2]), value(f[3]), value(f[4]), value(f[5]),
                    value(f[6]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " has a field that is not a number: "
                    + line, e);
        }
    }

    public static List<CurveRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": line 1 should be the header '" + HEADER + "'");
        }
        List<CurveRow> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isEmpty()) {
                rows.add(parse(lines.get(i), file, i + 1));
            }
        }
        return rows;
    }

    /** Writes {@code rows} to a temporary file and moves it over {@code file}: never a half-written CSV. */
    public static void writeAtomically(Path file, List<CurveRow> rows) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, (Iterable<String>) () -> java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(HEADER), rows.stream().map(CurvesCsv::format)).iterator(),
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static double value(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }
}
