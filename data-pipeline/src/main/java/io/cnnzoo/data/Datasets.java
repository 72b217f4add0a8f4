package io.cnnzoo.data;

import io.cnnzoo.data.RemoteFile.Kind;
import io.cnnzoo.data.cifar.CifarFormat;
import io.cnnzoo.data.mnist.MnistFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets cnnzoo knows by name, with where to download each file and the checksums to verify it by.
 * Every number below is copied from the source cited next to it; a number no source publishes is left
 * {@code null} (see docs/datasets.md for the trust policy).
 *
 * <p>Sources, as stored in the public repositories named:
 * <ul>
 *   <li>[tv-mnist] pytorch/vision {@code torchvision/datasets/mnist.py}: mirrors and MD5 of the MNIST, Fashion-MNIST
 *       and KMNIST {@code .gz} files, KMNIST's class names;</li>
 *   <li>[tfds] tensorflow/datasets {@code tensorflow_datasets/url_checksums/{mnist,fashion_mnist,kmnist,cifar10,
 *       cifar100}.txt}: URL, size in bytes and SHA-256 of each download; {@code image_classification/cifar.py}:
 *       the binary archives' layout;</li>
 *   <li>[cifar] https://www.cs.toronto.edu/~kriz/cifar.html: the MD5 of the binary archives, the record format
 *       (1 label byte, CIFAR-100: coarse then fine label byte, then 3,072 pixel bytes), 10,000 images per
 *       CIFAR-10 batch, 500 training and 100 test images for each of CIFAR-100's 100 classes;</li>
 *   <li>[fm] zalandoresearch/fashion-mnist {@code README.md}: URLs, MD5s, counts, class names;</li>
 *   <li>[km] rois-codh/kmnist {@code README.md}: URLs and counts;</li>
 *   <li>[sstt] EntroMorphic/sstt {@code Makefile}: SHA-256 of the decompressed MNIST and Fashion-MNIST IDX files
 *       (its targets download from ossci-datasets and Zalando's S3 address, gunzip, and check these values).</li>
 * </ul>
 */
public final class Datasets {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** MNIST-family images: 1 x 28 x 28 ([fm], [km], LeCun's page). */
    private static final DatasetSpec.Shape GREY_28 = new DatasetSpec.Shape(1, 28, 28);

    /** CIFAR images: 3 x 32 x 32, one byte plane per colour ([cifar]). */
    private static final DatasetSpec.Shape RGB_32 = new DatasetSpec.Shape(3, 32, 32);

    /**
     * LeCun, Cortes and Burges. Mirrors: [tv-mnist] lists ossci-datasets and yann.lecun.com, [tfds] the CVDF
     * bucket. Sizes and SHA-256 [tfds], MD5 [tv-mnist], decompressed SHA-256 [sstt].
     */
    public static final DatasetSpec MNIST = mnistFamily("mnist", List.of(
                    "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            List.of(),
            DIGITS,
            new long[]{9_912_422, 28_881, 1_648_877, 4_542},
            new String[]{"f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                    "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"},
            new String[]{"440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
            new String[]{"ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"});

    /**
     * Xiao, Rasul and Vollgraf 2017; Debian's {@code dataset-fashion-mnist} package installs it. URLs and MD5
     * [fm] (the repository keeps the same files under {@code data/fashion}), sizes and SHA-256 [tfds].
     * Decompressed SHA-256 [sstt]; they equal the decompressed content of Debian's re-compressed copies
     * (package version 0.0~git20200523.55506a9-1), and for the two label files also that of the canonical
     * {@code .gz} files in zalandoresearch/fashion-mnist, whose MD5s match [fm] (docs/datasets.md).
     */
    public static final DatasetSpec FASHION_MNIST = mnistFamily("fashion-mnist", List.of(
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            new long[]{26_421_880, 29_515, 4_422_102, 5_148},
            new String[]{"8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                    "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"},
            new String[]{"3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"},
            new String[]{"c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"});

    /**
     * Kuzushiji-MNIST, Clanuwat et al. 2018. URL [km], [tv-mnist], [tfds]; sizes and SHA-256 [tfds], MD5 and the
     * romanised class names [tv-mnist]. No published checksum of the decompressed files was found: null.
     */
    public static final DatasetSpec KMNIST = mnistFamily("kmnist", List.of(
                    "http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
            List.of(),
            List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
            new long[]{18_165_135, 29_497, 3_041_136, 5_120},
            new String[]{"bdb82020997e1d708af4cf47b453dcf7", "e144d726b3acfaa3e44228e80efcd344",
                    "5c965bf0a639b31b8f53240b1b52f4d7", "7320c461ea6c1c855c0b718fb2a4b134"},
            new String[]{"51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
                    "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
                    "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
                    "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c"},
            new String[]{null, null, null, null});

    /** CIFAR-10 binary: five training batches and one test batch of 10,000 records of 1 + 3,072 bytes [cifar]. */
    private static final long CIFAR10_BATCH_BYTES = 10_000L * (1 + 3_072);

    /**
     * Krizhevsky 2009, binary version. After {@code cnnzoo data fetch} the dataset's folder holds the archive's
     * files without its {@code cifar-10-batches-bin/} folder. Archive size and SHA-256 [tfds], MD5 [cifar]; the
     * class names are the archive's {@code batches.meta.txt} (as tensorflow/datasets keeps it in
     * {@code cifar10_h/dummy_data/cifar-10-batches-bin/batches.meta.txt}). The extracted files have no published
     * checksum: only their size (from the record format) is recorded.
     */
    public static final DatasetSpec CIFAR_10 = new DatasetSpec("cifar-10",
            allFiles(CifarFormat.cifar10()),
            List.of(),
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
            List.of(), RGB_32, 50_000, 10_000,
            List.of(RemoteFile.at(List.of("https://www.cs.toronto.edu/~kriz/"), "cifar-10-binary.tar.gz",
                    170_052_171L, "c32a1d4ab5d03f1284b67883e8d87530",
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", Kind.TAR_GZ)),
            List.of(new ContentChecksum("data_batch_1.bin", CIFAR10_BATCH_BYTES, null),
                    new ContentChecksum("data_batch_2.bin", CIFAR10_BATCH_BYTES, null),
                    new ContentChecksum("data_batch_3.bin", CIFAR10_BATCH_BYTES, null),
                    new ContentChecksum("data_batch_4.bin", CIFAR10_BATCH_BYTES, null),
                    new ContentChecksum("data_batch_5.bin", CIFAR10_BATCH_BYTES, null),
                    new ContentChecksum("test_batch.bin", CIFAR10_BATCH_BYTES, null)),
            DatasetSpec.Format.CIFAR_10);

    /** CIFAR-100 binary records: coarse label, fine label, 3,072 pixel bytes [cifar]. */
    private static final long CIFAR100_RECORD_BYTES = 2 + 3_072;

    /**
     * Krizhevsky 2009, binary version: {@code train.bin} (50,000 records) and {@code test.bin} (10,000), flattened
     * like CIFAR-10. Archive size and SHA-256 [tfds], MD5 [cifar]. Fine and coarse class names are the archive's
     * {@code fine_label_names.txt} and {@code coarse_label_names.txt} (tensorflow/datasets
     * {@code cifar100_n/dummy_data/cifar-100-binary/}).
     */
    public static final DatasetSpec CIFAR_100 = new DatasetSpec("cifar-100",
            allFiles(CifarFormat.cifar100(CifarFormat.Labels.FINE)),
            List.of(),
            List.of("apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
                    "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
                    "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup",
                    "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house",
                    "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man",
                    "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid",
                    "otter", "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine",
                    "possum", "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew",
                    "skunk", "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar", "sunflower",
                    "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor", "train", "trout",
                    "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm"),
            List.of("aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables",
                    "household_electrical_devices", "household_furniture", "insects", "large_carnivores",
                    "large_man-made_outdoor_things", "large_natural_outdoor_scenes", "large_omnivores_and_herbivores",
                    "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals", "trees",
                    "vehicles_1", "vehicles_2"),
            RGB_32, 50_000, 10_000,
            List.of(RemoteFile.at(List.of("https://www.cs.toronto.edu/~kriz/"), "cifar-100-binary.tar.gz",
                    168_513_733L, "03b5dce01913d631647c71ecec9e9cb8",
                    "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", Kind.TAR_GZ)),
            List.of(new ContentChecksum("train.bin", 50_000 * CIFAR100_RECORD_BYTES, null),
                    new ContentChecksum("test.bin", 10_000 * CIFAR100_RECORD_BYTES, null)),
            DatasetSpec.Format.CIFAR_100);

    private static final Map<String, DatasetSpec> BY_NAME = index(MNIST, FASHION_MNIST, KMNIST, CIFAR_10, CIFAR_100);

    private Datasets() {
    }

    public static DatasetSpec byName(String name) {
        DatasetSpec spec = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        if (spec == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + BY_NAME.keySet());
        }
        return spec;
    }

    /** Every registered dataset, in registry order. */
    public static List<DatasetSpec> all() {
        return List.copyOf(BY_NAME.values());
    }

    /**
     * An MNIST-like dataset: 60,000 training and 10,000 test images of 28x28 ([fm], [km], LeCun's page), four
     * gzipped IDX files in {@link MnistFormat#FILES} order; the arrays give, per file, the published {@code .gz} size,
     * MD5 and SHA-256, and the SHA-256 of the decompressed file (null where unpublished).
     */
    private static DatasetSpec mnistFamily(String name, List<String> mirrors, List<Path> systemCopies,
                                           List<String> classNames, long[] gzSizes, String[] md5, String[] sha256,
                                           String[] contentSha256) {
        int train = 60_000;
        int test = 10_000;
        long[] contentSizes = {idxBytes(3, train, 28 * 28), idxBytes(1, train, 1), idxBytes(3, test, 28 * 28),
                idxBytes(1, test, 1)};
        List<RemoteFile> downloads = new ArrayList<>();
        List<ContentChecksum> contents = new ArrayList<>();
        for (int i = 0; i < MnistFormat.FILES.size(); i++) {
            downloads.add(RemoteFile.at(mirrors, MnistFormat.FILES.get(i) + ".gz", gzSizes[i], md5[i], sha256[i], Kind.FILE));
            contents.add(new ContentChecksum(MnistFormat.FILES.get(i), contentSizes[i], contentSha256[i]));
        }
        return new DatasetSpec(name, MnistFormat.FILES, systemCopies, classNames, List.of(), GREY_28, train, test,
                downloads, contents, DatasetSpec.Format.IDX);
    }

    /** A CIFAR format's training files, then its test files: what its folder holds. */
    private static List<String> allFiles(CifarFormat format) {
        List<String> files = new ArrayList<>(format.files(Split.TRAIN));
        files.addAll(format.files(Split.TEST));
        return files;
    }

    /**
     * An IDX file's size: the 4-byte magic number, one 4-byte size per dimension, then one byte per value
     * (LeCun's IDX description); {@code dims} = 3 for images (count, rows, columns), 1 for labels.
     */
    private static long idxBytes(int dims, long count, long valuesPerItem) {
        return 4 + 4L * dims + count * valuesPerItem;
    }

    private static Map<String, DatasetSpec> index(DatasetSpec... specs) {
        Map<String, DatasetSpec> byName = new LinkedHashMap<>();
        for (DatasetSpec spec : specs) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalStateException("dataset name registered twice: " + spec.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
