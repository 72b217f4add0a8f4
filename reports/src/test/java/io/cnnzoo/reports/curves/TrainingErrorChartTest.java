package io.cnnzoo.reports.curves;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingErrorChartTest {

    @TempDir
    Path dir;

    @Test
    void writesAPngWithOneVisibleSeriesPerModel() throws IOException {
        List<CurveRow> rows = new ArrayList<>();
        for (String model : new String[]{"plain20", "resnet20"}) {
            for (int i = 0; i < 50; i++) {
                rows.add(new CurveRow(model, i, 0.1, 1, 0.9 - i * 0.01, i == 49 ? 0.4 : Double.NaN, Double.NaN));
            }
        }
        TrainingErrorChart chart = new TrainingErrorChart("test", 10);
        TrainingErrorChart.Style dashed = new TrainingErrorChart.Style(true, TrainingErrorChart.DEPTH_COLOURS.get(0));

        // each model: its averaged mini-batch error line and its evaluation markers
        assertEquals(4, chart.chart(rows, m -> dashed).series().size());
        // iterations 0-9 average 0.9 .. 0.81: the 10-iteration window's value at iteration 9 is 85.5%
        assertEquals(85.5, chart.chart(rows, m -> dashed).series().get(0).y()[9], 1e-9);
        Path png = dir.resolve("training-error.png");
        chart.write(rows, m -> dashed, png, dir.resolve("training-error.svg"));

        // PNG signature (ISO/IEC 15948, 5.2): 137 80 78 71 13 10 26 10.
        byte[] signature = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[]{(byte) 137, 80, 78, 71, 13, 10, 26, 10}, signature);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertEquals(600, image.getHeight());
    }
}
