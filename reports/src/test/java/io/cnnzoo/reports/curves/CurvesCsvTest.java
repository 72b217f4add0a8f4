package io.cnnzoo.reports.curves;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurvesCsvTest {

    @TempDir
    Path dir;

    @Test
    void rowsWithoutEvaluationLeaveThoseFieldsEmpty() {
        CurveRow row = new CurveRow("plain20", 3, 0.1, 2.302585, 0.9, Double.NaN, Double.NaN);
        assertEquals("plain20,3,0.100000,2.30259,0.900000,,", CurvesCsv.format(row));
    }

    @Test
    void writtenRowsReadBackAndNoTemporaryFileRemains() throws IOException {
        List<CurveRow> rows = List.of(new CurveRow("resnet20", 0, 0.01, 2.5, 0.875, Double.NaN, Double.NaN),
                new CurveRow("resnet20", 1, 0.0106, 2.25, 0.75, 0.5, 0.625));
        Path file = dir.resolve("curves.csv");
        CurvesCsv.writeAtomically(file, rows);

        assertEquals(rows, CurvesCsv.read(file));
        assertTrue(Files.readString(file).startsWith(CurvesCsv.HEADER + "\n"));
        assertFalse(Files.exists(dir.resolve("curves.csv.tmp")));
    }

    @Test
    void malformedLinesAreReportedWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), CurvesCsv.HEADER + "\nresnet20,1,0.1\n");
        CurvesFormatException e = assertThrows(CurvesFormatException.class, () -> CurvesCsv.read(file));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 2")
                && e.getMessage().contains("3 fields"), e.getMessage());
    }
}
