package io.cnnzoo.reports.curves;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code curves.csv} that is not what {@link CurvesCsv} writes: the message names the file and the line. */
public class CurvesFormatException extends IOException {

    public CurvesFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
