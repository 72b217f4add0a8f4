package io.cnnzoo.bench.experiment;

/**
 * One training of a degradation run: a model with a seed.
 *
 * @param model      the zoo name
 * @param seed       the seed of its weights, data order and augmentation
 * @param seedInName whether the run has several seeds, so that its {@link #name()} must carry this one
 */
public record RunKey(String model, long seed, boolean seedInName) {

    /** Its name in curves, checkpoints and tables: the model, followed by {@code @seed} when seeds vary. */
    public String name() {
        return seedInName ? model + "@" + seed : model;
    }
}
