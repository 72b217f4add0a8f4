package io.cnnzoo.reports.curves;

import io.cnnzoo.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public static CurveRow parse(String line, Path file, int lineNumber) throws CurvesFormatException {
        String[] f = line.split(",", -1);
        if (f.length != 7) {
            throw new CurvesFormatException(file, "line " + lineNumber + " has " + f.length
                    + " fields, expected 7 (" + HEADER + ")", null);
        }
        try {
            CurveRow row = new CurveRow(f[0], Long.parseLong(f[1]), value(f[2]), value(f[3]), value(f[4]),
                    value(f[5]), value(f[6]));
            if (row.iteration() < 0 || row.model().isEmpty()) {
                throw new CurvesFormatException(file, "line " + lineNumber + " names no model or a negative "
                        + "iteration: " + abbreviate(line), null);
            }
            return row;
        } catch (NumberFormatException e) {
            throw new CurvesFormatException(file, "line " + lineNumber + " has a field that is not a number: "
                    + abbreviate(line), e);
        }
    }

    public static List<CurveRow> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new CurvesFormatException(file, "not UTF-8 text (" + e + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new CurvesFormatException(file, "line 1 should be the header '" + HEADER + "'", null);
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
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (CurveRow row : rows) {
            text.append(format(row)).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static double value(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }
}
