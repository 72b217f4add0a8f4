package io.cnnzoo.data.transform;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageWriterTest {

    private static final int C = 3;
    private static final int H = 5;
    private static final int W = 7;

    /** A 3x5x7 image whose 105 pixels are distinct bytes 1..105 (none is 0, the padding value). */
    private static byte[] distinctImage() {
        byte[] image = new byte[C * H * W];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i + 1);
        }
        return image;
    }

    private static float[] write(byte[] image, int c, int h, int w, Placement placement) {
        float[] out = new float[image.length];
        ImageWriter.write(image, 0, placement, PixelMap.unit(c, h, w), out, 0, false);
        return out;
    }

    private static float scaled(int b) {
        return b * (1f / 255f);
    }

    @Test
    void aHandWorkedCropAndFlip() {
        // the 1x2x3 image [[1,2,3],[4,5,6]] zero-padded by 1 is the 4x5 image
        //   0 0 0 0 0 / 0 1 2 3 0 / 0 4 5 6 0 / 0 0 0 0 0
        byte[] image = {1, 2, 3, 4, 5, 6};
        // its 2x3 crop at (top 0, left 0) is [[0,0,0],[0,1,2]]
        float[] crop = write(image, 1, 2, 3, Placement.inPadded(1, 0, 0, false));
        assertArrayEquals(new float[]{0, 0, 0, 0, scaled(1), scaled(2)}, crop);
        // at (2, 2): [[5,6,0],[0,0,0]]; mirrored: [[0,6,5],[0,0,0]]
        float[] flipped = write(image, 1, 2, 3, Placement.inPadded(1, 2, 2, true));
        assertArrayEquals(new float[]{0, scaled(6), scaled(5), 0, 0, 0}, flipped);
    }

    @Test
    void everyCropOnlyShowsValuesOfTheZeroPaddedImage() {
        byte[] image = distinctImage();
        Set<Float> padded = new HashSet<>();
        padded.add(0f);
        for (byte b : image) {
            padded.add(scaled(b & 0xFF));
        }
        int padding = 4;
        for (int top = 0; top <= 2 * padding; top++) {
            for (int left = 0; left <= 2 * padding; left++) {
                for (boolean flip : new boolean[]{false, true}) {
                    float[] out = write(image, C, H, W, Placement.inPadded(padding, top, left, flip));
                    for (float v : out) {
                        assertTrue(padded.contains(v), v + " at crop (" + top + ", " + left + ") is not in the padded image");
                    }
                }
            }
        }
    }

    @Test
    void theUnshiftedCropOfThePaddedImageIsTheImage() {
        byte[] image = distinctImage();
        float[] expected = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            expected[i] = scaled(image[i] & 0xFF);
        }
        assertArrayEquals(expected, write(image, C, H, W, Placement.inPadded(4, 4, 4, false)));
        assertArrayEquals(expected, write(image, C, H, W, Placement.IDENTITY));
    }

    @Test
    void aCropShiftsEveryPixelByTheOffset() {
        byte[] image = distinctImage();
        // crop at (top 1, left 6) of the image padded by 4: output (y, x) shows source (y - 3, x + 2)
        float[] out = write(image, C, H, W, Placement.inPadded(4, 1, 6, false));
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y - 3;
                    int sx = x + 2;
                    float expected = sy >= 0 && sy < H && sx < W ? scaled(image[(c * H + sy) * W + sx] & 0xFF) : 0f;
                    assertEquals(expected, out[(c * H + y) * W + x], "(" + c + ", " + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void aFlipMirrorsTheColumnsExactly() {
        byte[] image = distinctImage();
        float[] out = write(image, C, H, W, new Placement(0, 0, true));
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(scaled(image[(c * H + y) * W + (W - 1 - x)] & 0xFF), out[(c * H + y) * W + x]);
                }
            }
        }
    }

    @Test
    void flippingTwiceIsTheIdentity() {
        byte[] image = distinctImage();
        float[] once = write(image, C, H, W, new Placement(0, 0, true));
        byte[] onceAsBytes = new byte[once.length];
        for (int i = 0; i < once.length; i++) {
            onceAsBytes[i] = (byte) Math.round(once[i] * 255);
        }
        assertArrayEquals(write(image, C, H, W, Placement.IDENTITY), write(onceAsBytes, C, H, W, new Placement(0, 0, true)));
    }

    @Test
    void channelsLastWritesTheSameValuesTransposed() {
        byte[] image = distinctImage();
        for (Placement placement : new Placement[]{Placement.inPadded(2, 0, 3, false), Placement.inPadded(2, 4, 1, true)}) {
            float[] nchw = write(image, C, H, W, placement);
            float[] nhwc = new float[image.length];
            ImageWriter.write(image, 0, placement, PixelMap.unit(C, H, W), nhwc, 0, true);
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(nchw[(c * H + y) * W + x], nhwc[(y * W + x) * C + c]);
                    }
                }
            }
        }
    }

    @Test
    void writesAtTheGivenOffsetsOnly() {
        byte[] two = new byte[2 * 6];
        for (int i = 0; i < two.length; i++) {
            two[i] = (byte) (10 * i);
        }
        float[] out = new float[8];
        java.util.Arrays.fill(out, -1f);
        ImageWriter.write(two, 6, Placement.IDENTITY, PixelMap.unit(1, 2, 3), out, 1, false); // image 1 at 1
        assertArrayEquals(new float[]{-1, scaled(60), scaled(70), scaled(80), scaled(90), scaled(100), scaled(110), -1},
                out);
    }

    @Test
    void aCropOutsideThePaddingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Placement.inPadded(4, 9, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Placement.inPadded(4, 0, -1, false));
    }
}
