package io.cnnzoo.onednn;

/** Counts the passes a helper ran itself, so that tests and diagnostics can tell it from DL4J's fallback. */
public final class PassCounter {

    private long forward;
    private long backward;

    void forward() {
        forward++;
    }

    void backward() {
        backward++;
    }

    public long forwardPasses() {
        return forward;
    }

    public long backwardPasses() {
        return backward;
    }

    @Override
    public String toString() {
        return forward + " forward, " + backward + " backward";
    }
}
