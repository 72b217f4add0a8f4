package io.cnnzoo.zoo.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.cnnzoo.zoo.weights.SafetensorsFiles.concat;
import static io.cnnzoo.zoo.weights.SafetensorsFiles.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code .pth} reader on archives and pickles written opcode by opcode ({@link Pickles}): what a state
 * dict holds reads, anything else is refused with the file, the record and the reason. torch.save's own
 * files are read in TorchvisionParityTest.
 */
class PthFileTest {

    @TempDir
    Path dir;

    private static float[] read(TensorFile file, String name) throws IOException {
        return Corruption.read(file, name);
    }

    private static String refusal(Path file) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TensorFile.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAStateDictArchive() throws IOException {
        Path file = Pickles.zip(dir.resolve("w.pth"), Pickles.stateDict("conv.weight", "conv.bias"),
                floats(1.5f, -2f), floats(0.25f, 4f));
        try (TensorFile t = TensorFile.open(file)) {
            assertEquals(List.of("conv.weight", "conv.bias"), List.copyOf(t.tensors().keySet()));
            assertEquals(DType.F32, t.tensors().get("conv.weight").dtype());
            assertArrayEquals(new float[]{1.5f, -2f}, read(t, "conv.weight"));
            assertArrayEquals(new float[]{0.25f, 4f}, read(t, "conv.bias"));
            assertArrayEquals(new float[]{1.5f, -2f}, read(t, "conv.weight"), "reading again rewinds");
        }
    }

    /** Two tensors on one storage at offsets 0 and 2, a [2, 2] one with row-major strides (2, 1). */
    @Test
    void readsViewsOfAStorage() throws IOException {
        byte[] pickle = Pickles.protocol2().orderedDict()
                .tensorEntry("a", "FloatStorage", "0", 6, 0, new int[]{2}, new int[]{1})
                .tensorEntry("b", "FloatStorage", "0", 6, 2, new int[]{2, 2}, new int[]{2, 1})
                .stop();
        try (TensorFile t = TensorFile.open(Pickles.zip(dir.resolve("views.pth"), pickle, floats(1, 2, 3, 4, 5, 6)))) {
            assertArrayEquals(new float[]{1, 2}, read(t, "a"));
            assertArrayEquals(new float[]{3, 4, 5, 6}, read(t, "b"));
            assertArrayEquals(new long[]{2, 2}, t.tensors().get("b").shape());
        }
    }

    @Test
    void readsTheLegacyFormat() throws IOException {
        byte[] file = Pickles.legacy(Pickles.stateDict("w", "b"), new String[]{"0", "1"}, floats(7, 8), floats(9, 10));
        try (TensorFile t = TensorFile.open(Files.write(dir.resolve("legacy.pth"), file))) {
            assertArrayEquals(new float[]{7, 8}, read(t, "w"));
            assertArrayEquals(new float[]{9, 10}, read(t, "b"));
        }
        byte[] cut = Arrays.copyOf(file, file.length - 3);
        assertTrue(refusal(Files.write(dir.resolve("cut.pth"), cut)).contains("truncated"));

        // a storage that claims nearly 2^63 bytes: refused by the file's size, not by an arithmetic overflow
        long elements = Long.MAX_VALUE - 7;
        byte[] huge = Pickles.protocol2().orderedDict().str("w").global("torch._utils", "_rebuild_tensor_v2")
                .op('(').storage("ByteStorage", "0", elements).integer(0).ints(2).ints(1).op(0x89).orderedDict()
                .op('t', 'R', 's').stop();
        byte[] claims = Pickles.legacy(huge, new String[]{"0"}, new byte[8]);
        java.nio.ByteBuffer.wrap(claims, claims.length - 16, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(elements);
        assertTrue(refusal(Files.write(dir.resolve("huge.pth"), claims)).contains("needs " + elements + " bytes"));
    }

    /**
     * The older ways PyTorch pickled tensors, which torch.load(weights_only=True) still reads: 0.3's
     * _rebuild_tensor(storage, offset, size, stride), and before it a tensor class called without arguments
     * then given (storage, offset, size, stride) by BUILD.
     */
    @Test
    void readsTheOlderTensorForms() throws IOException {
        Pickles p = Pickles.protocol2().op('}', '(')
                .str("v1").global("torch._utils", "_rebuild_tensor").op('(').storage("FloatStorage", "0", 2)
                .integer(0).ints(2).ints(1).op('t', 'R')
                .str("class").global("torch", "FloatTensor").op(')', 'R')
                .op('(').storage("FloatStorage", "1", 2).integer(0).ints(2).ints(1).op('t', 'b')
                .op('u');
        try (TensorFile t = TensorFile.open(Pickles.zip(dir.resolve("old.pth"), p.stop(), floats(1, 2), floats(3, 4)))) {
            assertArrayEquals(new float[]{1, 2}, read(t, "v1"));
            assertArrayEquals(new float[]{3, 4}, read(t, "class"));
        }
    }

    /** A training checkpoint's weights are read from its state_dict entry. */
    @Test
    void readsTheStateDictOfACheckpoint() throws IOException {
        Pickles p = Pickles.protocol2().op('}').str("epoch").integer(90).op('s').str("state_dict").orderedDict()
                .tensorEntry("fc.weight", "FloatStorage", "0", 2, 0, new int[]{2}, new int[]{1}).op('s');
        try (TensorFile t = TensorFile.open(Pickles.zip(dir.resolve("ckpt.pth"), p.stop(), floats(3, 4)))) {
            assertArrayEquals(new float[]{3, 4}, read(t, "fc.weight"));
        }
        Pickles loose = Pickles.protocol2().op('}').str("epoch").integer(90).op('s');
        assertTrue(refusal(Pickles.zip(dir.resolve("loose.pth"), loose.stop())).contains("'epoch': expected a tensor"));
    }

    /** What torch.load(weights_only=True) refuses: any global that is not part of a state dict. */
    @Test
    void refusesEveryOtherGlobal() throws IOException {
        byte[] system = Pickles.protocol2().global("os", "system").str("echo owned").op(0x85).op('R').stop();
        String message = refusal(Pickles.zip(dir.resolve("system.pth"), system));
        assertTrue(message.contains("'os.system' is not allowed") && message.contains("data.pkl"), message);

        byte[] module = Pickles.protocol2().global("torch.nn.modules.conv", "Conv2d").op(')').op(0x81).stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("module.pth"), module)).contains("'torch.nn.modules.conv.Conv2d'"));

        byte[] stacked = Pickles.protocol2().str("builtins").str("eval").op(0x93).stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("eval.pth"), stacked)).contains("'builtins.eval'"));
    }

    @Test
    void refusesMalformedPickles() throws IOException {
        byte[] text = Pickles.protocol2().op('I').stop(); // protocol 0's INT
        assertTrue(refusal(Pickles.zip(dir.resolve("text.pth"), text)).contains("opcode 0x49"));
        byte[] announced = Pickles.protocol2().op('X', 0, 0, 0, 0x40).stop(); // 1 GiB string, 1 byte follows
        assertTrue(refusal(Pickles.zip(dir.resolve("long.pth"), announced)).contains("were announced"));
        byte[] memo = Pickles.protocol2().op('h', 7).stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("memo.pth"), memo)).contains("memo entry 7"));
        byte[] unfinished = Pickles.protocol2().op('}').op('(').stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("mark.pth"), unfinished)).contains("STOP"));
        byte[] storage = Pickles.protocol2().op('(').str("storage").global("torch", "FloatStorage").op('t', 'Q').stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("pid.pth"), storage)).contains("persistent id"));
        byte[] negative = Pickles.protocol2().op(0x8d, 0, 0, 0, 0, 0, 0, 0, 0x80).stop(); // BINUNICODE8 of -2^63
        assertTrue(refusal(Pickles.zip(dir.resolve("negative.pth"), negative)).contains("were announced"));
        // a list appended to itself, then used as a dict key: hashing or printing it would never end
        byte[] itself = Pickles.protocol2().op('}', ']', '2', 'a', 'N', 's').stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("itself.pth"), itself)).contains("a dict key must be a string"));
        byte[] pidOfItself = Pickles.protocol2().op(']', '2', 'a', 'Q').stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("pid-itself.pth"), pidOfItself)).contains("got a list"));
    }

    @Test
    void checksEveryTensorAgainstItsStorage() throws IOException {
        byte[] transposed = Pickles.protocol2().orderedDict()
                .tensorEntry("w", "FloatStorage", "0", 4, 0, new int[]{2, 2}, new int[]{1, 2}).stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("t.pth"), transposed, floats(1, 2, 3, 4)))
                .contains("'w': is stored with strides [1, 2]"));

        byte[] beyond = Pickles.protocol2().orderedDict()
                .tensorEntry("w", "FloatStorage", "0", 4, 3, new int[]{2}, new int[]{1}).stop();
        assertTrue(refusal(Pickles.zip(dir.resolve("b.pth"), beyond, floats(1, 2, 3, 4)))
                .contains("elements [3, 5) of a storage of 4"));

        byte[] two = Pickles.stateDict("w");
        assertTrue(refusal(Pickles.zip(dir.resolve("short.pth"), two, floats(1)))
                .contains("holds 4 bytes, but 2 elements of F32 need 8"));
        assertTrue(refusal(Pickles.zip(dir.resolve("none.pth"), two)).contains("'archive/data/0' is not in the archive"));

        byte[] ints = Pickles.protocol2().orderedDict()
                .tensorEntry("n", "LongStorage", "0", 1, 0, new int[]{}, new int[]{}).stop();
        try (TensorFile t = TensorFile.open(Pickles.zip(dir.resolve("n.pth"), ints, new byte[8]))) {
            assertEquals(DType.I64, t.tensors().get("n").dtype());
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> read(t, "n"));
            assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void refusesArchivesTorchSaveDidNotWrite() throws IOException {
        Path noPickle = dir.resolve("zip.pth");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(noPickle))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertTrue(refusal(noPickle).contains("no <name>/data.pkl"));
        byte[] bare = concat(new byte[]{'P', 'K', 3, 4}, new byte[60]);
        assertTrue(refusal(Files.write(dir.resolve("bare.pth"), bare)).contains("not a readable zip archive"));
    }

    /** A fuzz run over both layouts: a mutated file reads or is refused with an IOException, nothing else. */
    @Test
    void corruptedFilesFailCleanly() throws IOException {
        byte[] zip = Files.readAllBytes(Pickles.zip(dir.resolve("z.pth"), Pickles.stateDict("a", "b"),
                floats(1, 2), floats(3, 4)));
        byte[] legacy = Pickles.legacy(Pickles.stateDict("a", "b"), new String[]{"0", "1"}, floats(1, 2), floats(3, 4));
        Random random = new Random(11);
        Path file = dir.resolve("fuzz.pth");
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = (i % 2 == 0 ? zip : legacy).clone();
            if (i % 4 < 3) {
                for (int k = 0; k <= random.nextInt(3); k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            } else {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            if (Corruption.refused(file, bytes, IOException.class, "mutation " + i)) {
                refused++;
            }
        }
        assertTrue(refused > 500, "most mutations are refused, got " + refused);
    }
}
