package io.cnnzoo.data;

/** One of a dataset's two published parts: the training images or the test images. */
public enum Split {
    TRAIN, TEST;

    /** {@code train} or {@code test}, as names and messages spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
