package io.cnnzoo.zoo.imagenet;

import io.cnnzoo.zoo.weights.TorchReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ImageNet inference transform against torchvision's own (Resize(256), CenterCrop(224), ToTensor,
 * Normalize on PIL images), run by the reference script on the same PNG files.
 */
class ImageNetPreprocessingTest {

    /** One 8-bit gray level after normalisation by the smallest std (0.224), with room for PIL's rounding. */
    private static final double ONE_LEVEL = 1.0 / 255 / 0.224;

    @TempDir
    Path dir;

    /** Gradients, edges and seeded noise, so that resampling errors would show; gray images get the green. */
    static BufferedImage pattern(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (255.0 * x / width);
                int g = ((x / 16 + y / 16) % 2) * 200 + random.nextInt(40);
                int b = (int) (127.5 + 127.5 * Math.sin(x * 0.11) * Math.cos(y * 0.07));
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    image.getRaster().setSample(x, y, 0, g);
                } else {
                    image.setRGB(x, y, 0x80000000 | r << 16 | g << 8 | b);
                }
            }
        }
        return image;
    }

    @ParameterizedTest(name = "{0}x{1} type {3}")
    @CsvSource({"256, 256, 0, 2", "320, 240, 1, 2", "600, 450, 1, 2", "300, 517, 1, 2", "256, 300, 1, 2",
            "256, 256, 0, 10", "300, 260, 1, 10"}) // 2: TYPE_INT_ARGB (alpha dropped), 10: TYPE_BYTE_GRAY
    void matchesTorchvisionsTransform(int width, int height, int levels, int type) throws IOException {
        TorchReference torch = TorchReference.shared();
        Path png = dir.resolve(width + "x" + height + "-" + type + ".png");
        ImageIO.write(pattern(width, height, type), "png", png.toFile());
        Path expectedFile = dir.resolve("expected.f32");
        torch.preprocess(png, expectedFile);
        INDArray expected = TorchReference.raw(expectedFile, 1, 3, 224, 224);

        INDArray actual = new ImageNetPreprocessing().load(png);
        assertArrayEquals(new long[]{1, 3, 224, 224}, actual.shape());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= levels * ONE_LEVEL + 1e-5, width + "x" + height + ": largest difference " + diff
                + ", allowed " + levels + " gray level(s) of PIL's fixed-point rounding");
    }

    @Test
    void unreadableFilesAreNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
        IOException e = assertThrows(IOException.class, () -> new ImageNetPreprocessing().load(text));
        assertTrue(e.getMessage().contains("notes.jpg") && e.getMessage().contains("ImageIO"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> new ImageNetPreprocessing().load(dir.resolve("none.png")));
        assertThrows(IllegalArgumentException.class, () -> new ImageNetPreprocessing(200, 224));
    }

    /** torchvision's category list, as the weights' meta["categories"] report it: spot checks by index. */
    /**
     * A PNG (RFC 2083: signature, IHDR with width and height, IDAT, IEND; CRC-32 over each chunk's type and
     * data) whose header announces {@code width} x {@code height} grey pixels and whose data is one empty row.
     */
    private Path png(String name, int width, int height) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat)) {
            z.write(new byte[1 + Math.min(width, 1 << 16)]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void aSmallFileAnnouncingAHugeImageIsRefusedFromItsHeader() throws IOException {
        Path bomb = png("bomb.png", 100_000, 100_000);
        assertTrue(Files.size(bomb) < 1_000);
        IOException e = assertThrows(IOException.class, () -> new ImageNetPreprocessing(256, 224).load(bomb));
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("89478485"), e.getMessage());
        // 80000x1 decodes to 80,000 pixels but resizes to 256 x 20,480,000: refused as well.
        Path strip = png("strip.png", 80_000, 1);
        e = assertThrows(IOException.class, () -> new ImageNetPreprocessing(256, 224).load(strip));
        assertTrue(e.getMessage().contains("resize"), e.getMessage());
    }

    @Test
    void classNamesAreTorchvisionsInItsOrder() {
        assertEquals(1000, ImageNetClasses.names().size());
        assertEquals("tench", ImageNetClasses.name(0));
        assertEquals("golden retriever", ImageNetClasses.name(207));
        assertEquals("toilet tissue", ImageNetClasses.name(999));
        assertThrows(IllegalArgumentException.class, () -> ImageNetClasses.name(1000));
    }
}
