package io.cnnzoo.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A training set split in two disjoint parts by seed, e.g. He et al. 2016's 45k/5k train/validation
 * split of CIFAR-10's 50,000 training images (Sec. 4.2). The split is stratified: each class gives the
 * validation set its share of {@code validationSize}, rounded by largest remainder, so a balanced set
 * split 45k/5k puts 500 images of each CIFAR-10 class into validation. Both parts keep the original
 * order of their images.
 *
 * @param train             the images not held out
 * @param validation        the held-out images
 * @param trainIndices      indices into the split dataset of {@code train}'s images, ascending
 * @param validationIndices indices into the split dataset of {@code validation}'s images, ascending
 */
public record DatasetSplit(ImageDataset train, ImageDataset validation, int[] trainIndices,
                           int[] validationIndices) {

    /** Holds {@code validationSize} images of {@code data} out, the same ones for the same seed. */
    public static DatasetSplit of(ImageDataset data, int validationSize, long seed) {
        if (validationSize < 0 || validationSize > data.size()) {
            throw new IllegalArgumentException(data.name() + " has " + data.size() + " images; cannot hold out "
                    + validationSize);
        }
        int[] quota = quotas(data.classCounts(), validationSize, data.size());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < data.numClasses(); k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        boolean[] held = new boolean[data.size()];
        Random random = new Random(seed);
        for (int k = 0; k < byClass.size(); k++) {
            List<Integer> members = byClass.get(k);
            // a partial Fisher-Yates shuffle: the first quota[k] positions are a uniform sample of the class
            for (int i = 0; i < quota[k]; i++) {
                int j = i + random.nextInt(members.size() - i);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
                held[members.get(i)] = true;
            }
        }
        int[] validationIndices = new int[validationSize];
        int[] trainIndices = new int[data.size() - validationSize];
        for (int i = 0, v = 0, t = 0; i < data.size(); i++) {
            if (held[i]) {
                validationIndices[v++] = i;
            } else {
                trainIndices[t++] = i;
            }
        }
        return new DatasetSplit(data.subset(data.name() + "-train", trainIndices),
                data.subset(data.name() + "-validation", validationIndices), trainIndices, validationIndices);
    }

    /** Per-class shares of {@code total} proportional to {@code counts}, by largest remainder (ties: lower class). */
    static int[] quotas(int[] counts, int total, int size) {
        int[] quota = new int[counts.length];
        if (total == 0) {
            return quota;
        }
        long[] remainder = new long[counts.length];
        int assigned = 0;
        for (int k = 0; k < counts.length; k++) {
            long share = (long) counts[k] * total; // exact: quota = share / size, remainder share % size
            quota[k] = (int) (share / size);
            remainder[k] = share % size;
            assigned += quota[k];
        }
        Integer[] order = new Integer[counts.length];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        for (int i = 0; assigned < total; i++) {
            quota[order[i]]++; // never exceeds counts[k]: a positive remainder means quota[k] < counts[k]
            assigned++;
        }
        return quota;
    }
}
