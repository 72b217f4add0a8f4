package io.cnnzoo.zoo.imagenet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;

/**
 * The inference transform torchvision's ImageNet weights were evaluated with ({@code ImageClassification}):
 * resize so that the shorter side is {@value #DEFAULT_RESIZE} pixels (bilinear, antialiased when shrinking,
 * as PIL does), take the central {@value #DEFAULT_CROP}x{@value #DEFAULT_CROP} crop, scale to [0, 1] and
 * normalise each channel with ImageNet's mean and standard deviation. Images are read with the JDK's ImageIO
 * (JPEG, PNG, BMP, GIF; no OpenCV); an alpha channel is dropped and a gray image's value goes into all
 * three channels, as PIL's {@code convert("RGB")} does.
 */
public final class ImageNetPreprocessing {

    public static final int DEFAULT_RESIZE = 256;
    public static final int DEFAULT_CROP = 224;
    /** ImageNet's per-channel mean and standard deviation, RGB (torchvision's and timm's constants). */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int resize;
    private final int crop;

    public ImageNetPreprocessing() {
        this(DEFAULT_RESIZE, DEFAULT_CROP);
    }

    /** Shorter side to {@code resize}, then a central {@code crop} x {@code crop}; crop <= resize. */
    public ImageNetPreprocessing(int resize, int crop) {
        if (crop < 1 || resize < crop) {
            throw new IllegalArgumentException("need 1 <= crop <= resize, got resize " + resize + " and crop " + crop);
        }
        this.resize = resize;
        this.crop = crop;
    }

    /** The image at {@code file} as a [1, 3, crop, crop] NCHW float array. */
    public INDArray load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no image file here");
        }
        checkSize(file);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (RuntimeException e) { // some JDK decoders throw index errors on damaged files
            throw new IOException(file + ": a damaged image (" + e + ")", e);
        }
        if (image == null) {
            throw new IOException(file + ": not an image ImageIO can read (JPEG, PNG, BMP, GIF, WBMP)");
        }
        return apply(image);
    }

    /**
     * The most pixels an image may have, as decoded or as resized: PIL's {@code Image.MAX_IMAGE_PIXELS}
     * (89,478,485; PIL warns above it and refuses above twice it, as a decompression bomb).
     */
    public static final long MAX_PIXELS = 89_478_485L;

    /**
     * Reads only the image's header and refuses sizes that would decode, or resize, into more than
     * {@link #MAX_PIXELS} pixels: a small file must not make us allocate gigabytes.
     */
    private void checkSize(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not an image ImageIO can read (JPEG, PNG, BMP, GIF, WBMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                long shorter = Math.max(1, Math.min(w, h));
                long resized = (long) resize * resize * Math.max(w, h) / shorter;
                if (w < 1 || h < 1 || w * h > MAX_PIXELS || resized > MAX_PIXELS) {
                    throw new IOException(file + ": its header announces " + w + "x" + h + " pixels, which decode"
                            + (resized > MAX_PIXELS ? " and resize (shorter side to " + resize + ")" : "")
                            + " to more than " + MAX_PIXELS + " pixels (PIL's decompression-bomb limit)");
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** {@code image} as a [1, 3, crop, crop] NCHW float array. */
    public INDArray apply(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        // torchvision: the shorter side becomes `resize`, the longer one int(resize * long / short)
        int newW = w <= h ? resize : (int) ((long) resize * w / h);
        int newH = h <= w ? resize : (int) ((long) resize * h / w);
        float[][] rgb = channels(image);
        float[][] resized = new float[3][];
        for (int c = 0; c < 3; c++) {
            resized[c] = Resampling.resize(rgb[c], w, h, newW, newH);
        }
        // torchvision's center_crop: top = int(round((H - crop) / 2)), left likewise (Python rounds half to even)
        int top = (int) Math.rint((newH - crop) / 2.0);
        int left = (int) Math.rint((newW - crop) / 2.0);
        float[] out = new float[3 * crop * crop];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    float value = resized[c][(top + y) * newW + left + x] / 255f;
                    out[(c * crop + y) * crop + x] = (value - MEAN[c]) / STD[c];
                }
            }
        }
        return Nd4j.create(out, new long[]{1, 3, crop, crop}, 'c');
    }

    /** The red, green and blue planes, 0..255, row major. */
    private static float[][] channels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // PIL's convert("RGB") copies a gray value into all three channels; getRGB would first convert
            // Java's linear gray to sRGB and brighten it (128 becomes about 188)
            Raster raster = image.getRaster();
            int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            float[] gray = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    gray[y * w + x] = Math.round(raster.getSample(x, y, 0) * 255f / max);
                }
            }
            return new float[][]{gray, gray, gray};
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[][] rgb = new float[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            rgb[0][i] = (argb[i] >> 16) & 0xff;
            rgb[1][i] = (argb[i] >> 8) & 0xff;
            rgb[2][i] = argb[i] & 0xff;
        }
        return rgb;
    }
}
