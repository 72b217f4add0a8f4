package io.cnnzoo.data.transform;

import java.util.SplittableRandom;

/**
 * Random crops of a zero-padded image and random horizontal flips, seeded: the placement of the image at
 * position k of epoch e depends only on (seed, e, k). A batch's randomness therefore depends only on
 * (seed, epoch, batch index) — not on the thread that assembles it, on prefetching, or on the batches
 * drawn before it — and a run resumed at any batch sees what an uninterrupted run would have.
 *
 * <p>{@link #cifar(long)} is the augmentation of He et al. 2016, Sec. 4.2 (after Lee et al. 2015): pad 4
 * pixels on each side, crop 32x32 at a uniformly random position, flip with probability 0.5. For an
 * H x W image, {@link #of} pads p and crops back to H x W.
 */
public final class Augmentation {

    private final int padding;
    private final double flipProbability;
    private final long seed;

    private Augmentation(int padding, double flipProbability, long seed) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be at least 0, got " + padding);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must lie in [0, 1], got " + flipProbability);
        }
        this.padding = padding;
        this.flipProbability = flipProbability;
        this.seed = seed;
    }

    /** He et al.'s CIFAR augmentation: pad 4, random crop, horizontal flip with p = 0.5. */
    public static Augmentation cifar(long seed) {
        return new Augmentation(4, 0.5, seed);
    }

    /** Pad {@code padding} on each side, crop back at a uniform position, flip with {@code flipProbability}. */
    public static Augmentation of(int padding, double flipProbability, long seed) {
        return new Augmentation(padding, flipProbability, seed);
    }

    public int padding() {
        return padding;
    }

    public double flipProbability() {
        return flipProbability;
    }

    public long seed() {
        return seed;
    }

    /** The crop and flip of the image at {@code position} (0-based, within the epoch) of {@code epoch}. */
    public Placement placement(int epoch, long position) {
        // A generator per image, seeded by a hash of (seed, epoch, position): SplittableRandom mixes its
        // seed with SplitMix64 (Steele, Lea & Flood 2014), so neighbouring positions draw independently.
        SplittableRandom random = new SplittableRandom(mix(mix(seed) + epoch) + position);
        int top = random.nextInt(2 * padding + 1);
        int left = random.nextInt(2 * padding + 1);
        boolean flip = random.nextDouble() < flipProbability;
        return new Placement(top - padding, left - padding, flip);
    }

    /** SplitMix64's output function (Steele, Lea & Flood 2014; constants from Vigna's splitmix64.c). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "pad " + padding + ", random crop, flip p=" + flipProbability + " (seed " + seed + ")";
    }
}
