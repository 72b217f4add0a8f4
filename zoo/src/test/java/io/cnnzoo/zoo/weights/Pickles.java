package io.cnnzoo.zoo.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Pickles and torch.save archives written opcode by opcode from Python's pickle format (Lib/pickletools.py
 * documents each opcode) and torch.save's layout, for the {@code .pth} reader's tests.
 */
final class Pickles {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Pickles protocol2() {
        return new Pickles().op(0x80).op(2);
    }

    Pickles op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** GLOBAL: 'c' module '\n' name '\n'. */
    Pickles global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** BINUNICODE: 'X', 4-byte little-endian length, UTF-8. */
    Pickles str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        out.writeBytes(utf8);
        return this;
    }

    /** BININT: 'J', 4-byte little-endian signed. */
    Pickles integer(int n) {
        op('J');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array());
        return this;
    }

    /** A tuple of small ints: MARK, BININT..., TUPLE. */
    Pickles ints(int... values) {
        op('(');
        for (int v : values) {
            integer(v);
        }
        return op('t');
    }

    /** collections.OrderedDict(): GLOBAL, EMPTY_TUPLE, REDUCE. */
    Pickles orderedDict() {
        return global("collections", "OrderedDict").op(')').op('R');
    }

    /**
     * One state-dict entry (the dict is on the stack): key, then
     * _rebuild_tensor_v2(persistent ('storage', FloatStorage, key, 'cpu', elements), offset, size, stride,
     * False, OrderedDict()), then SETITEM.
     */
    Pickles tensorEntry(String name, String storageType, String key, int elements, int offset, int[] size,
                        int[] stride) {
        str(name);
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        op('(').str("storage").global("torch", storageType).str(key).str("cpu").integer(elements).op('t').op('Q');
        integer(offset).ints(size).ints(stride).op(0x89);
        orderedDict();
        op('t').op('R');
        return op('s');
    }

    /** The persistent id of a storage: ('storage', GLOBAL torch.TYPE, key, 'cpu', elements), BINPERSID. */
    Pickles storage(String storageType, String key, long elements) {
        op('(').str("storage").global("torch", storageType).str(key).str("cpu");
        op(0x8a, 8); // LONG1 of 8 bytes, little endian
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(elements).array());
        return op('t').op('Q');
    }

    byte[] stop() {
        op('.');
        return out.toByteArray();
    }

    /** A state dict of float32 tensors {@code names[i]} of shape [2], each on its own storage "i". */
    static byte[] stateDict(String... names) {
        Pickles p = protocol2().orderedDict();
        for (int i = 0; i < names.length; i++) {
            p.tensorEntry(names[i], "FloatStorage", String.valueOf(i), 2, 0, new int[]{2}, new int[]{1});
        }
        return p.stop();
    }

    /** A torch.save zip archive: archive/data.pkl, archive/data/KEY for each storage, archive/version. */
    static Path zip(Path file, byte[] pickle, byte[]... storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "archive/data.pkl", pickle);
            for (int i = 0; i < storages.length; i++) {
                entry(zip, "archive/data/" + i, storages[i]);
            }
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * torch.save's legacy format: pickles of the magic number (LONG1 of 10 bytes), the protocol version 1001
     * and the system info, the state dict, the storage keys; then each storage's element count (8 bytes, little
     * endian) and data.
     */
    static byte[] legacy(byte[] stateDict, String[] keys, byte[]... storages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(protocol2().op(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop());
        out.writeBytes(protocol2().op('M', 0xe9, 0x03).stop()); // 1001 as BININT2
        out.writeBytes(protocol2().op('}', '(').str("protocol_version").op('M', 0xe9, 0x03).str("little_endian")
                .op(0x88).op('u').stop());
        out.writeBytes(stateDict);
        Pickles list = protocol2().op(']').op('(');
        for (String k : keys) {
            list.str(k);
        }
        out.writeBytes(list.op('e').stop());
        for (byte[] s : storages) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.length / 4).array());
            out.writeBytes(s);
        }
        return out.toByteArray();
    }
}
