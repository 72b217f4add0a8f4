package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.InputShape;

/**
 * A benchmark's activation shape parameter, "CxHxW/N": C channels, H x W maps, batch N.
 */
record MapShape(int channels, int height, int width, int batch) {

    static MapShape parse(String text) {
        String[] batch = text.split("/");
        if (batch.length != 2) {
            throw new IllegalArgumentException("a shape is CxHxW/N (e.g. 64x32x32/32), got '" + text + "'");
        }
        InputShape map = InputShape.parse(batch[0]);
        return new MapShape(map.channels(), map.height(), map.width(), Integer.parseInt(batch[1].trim()));
    }
}
