package io.cnnzoo.bench.jmh;

/**
 * A benchmark's activation shape parameter, "CxHxW/N": C channels, H x W maps, batch N.
 */
record MapShape(int channels, int height, int width, int batch) {

    static MapShape parse(String text) {
        String[] batch = text.split("/");
        String[] chw = batch[0].split("x");
        if (batch.length != 2 || chw.length != 3) {
            throw new IllegalArgumentException("a shape is CxHxW/N (e.g. 64x32x32/32), got '" + text + "'");
        }
        return new MapShape(Integer.parseInt(chw[0]), Integer.parseInt(chw[1]), Integer.parseInt(chw[2]),
                Integer.parseInt(batch[1]));
    }
}
