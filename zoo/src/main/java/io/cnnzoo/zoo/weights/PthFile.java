package io.cnnzoo.zoo.weights;

import io.cnnzoo.zoo.weights.RestrictedUnpickler.LegacyTensor;
import io.cnnzoo.zoo.weights.RestrictedUnpickler.StorageRef;
import io.cnnzoo.zoo.weights.RestrictedUnpickler.TensorRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch state dict as {@code torch.save} writes it, which is how torchvision publishes its weights,
 * read without Python: the zip archive of {@code data.pkl} and one {@code data/<key>} entry per storage
 * (PyTorch 1.6 and later), or the legacy format (a sequence of pickles followed by the raw storages). The
 * pickle goes through {@link RestrictedUnpickler}, which refuses anything that is not part of a state dict.
 *
 * <p>Before any value is read, every tensor is checked against its storage: a known element type, a
 * row-major layout, and an extent inside a storage whose recorded size matches the bytes the file holds
 * for it. A training checkpoint that keeps its weights under {@code state_dict} or {@code model} is read
 * from there.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class PthFile implements TensorFile {

    /** The largest pickle read into memory; torchvision's resnet152 has a 40 kB one. */
    static final int MAX_PICKLE_BYTES = 64 << 20;

    /** The keys under which training checkpoints commonly keep their state dict. */
    private static final List<String> NESTED_STATE_DICTS = List.of("state_dict", "model", "model_state_dict");

    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private final Path path;
    private final Map<String, TensorRef> refs;
    private final Map<String, TensorInfo> tensors;
    private final Storages storages;
    private byte[] buffer = new byte[0];

    /** Where the bytes of each storage are. */
    private interface Storages extends java.io.Closeable {
        /** Reads {@code n} bytes of storage {@code key} from byte {@code offset} into {@code into[0..n)}. */
        void read(String key, long offset, byte[] into, int n) throws IOException;
    }

    private PthFile(Path path, Map<String, TensorRef> refs, Storages storages) {
        this.path = path;
        this.refs = refs;
        this.storages = storages;
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        refs.forEach((name, t) -> infos.put(name, new TensorInfo(name, t.storage().dtype(), t.shape())));
        this.tensors = Collections.unmodifiableMap(infos);
    }

    public static PthFile open(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K') {
                return openZip(file);
            }
        }
        return openLegacy(file);
    }

    // ---- the zip format -------------------------------------------------------------------------------

    private static PthFile openZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new WeightFormatException(file, null, "not a readable zip archive (" + e.getMessage() + ")", e);
        }
        try {
            String prefix = archivePrefix(file, zip);
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(readEntry(file, zip, byteOrder, 16), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new WeightFormatException(file, null, "the archive's byteorder is '" + order
                            + "'; only little-endian files are read");
                }
            }
            ZipEntry pickle = zip.getEntry(prefix + "data.pkl");
            byte[] bytes = readEntry(file, zip, pickle, MAX_PICKLE_BYTES);
            Object root = new RestrictedUnpickler(file, pickle.getName(), ByteBuffer.wrap(bytes)).load();
            Map<String, TensorRef> refs = stateDict(file, root);
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                StorageRef s = e.getValue().storage();
                ZipEntry data = zip.getEntry(prefix + "data/" + s.key());
                if (data == null) {
                    throw new WeightFormatException(file, e.getKey(), "its storage '" + prefix + "data/" + s.key()
                            + "' is not in the archive");
                }
                checkStorageBytes(file, e.getKey(), s, data.getSize());
            }
            return new PthFile(file, refs, new ZipStorages(file, zip, prefix));
        } catch (Throwable e) { // whatever went wrong, the archive is closed
            zip.close();
            throw e;
        }
    }

    /** The folder torch.save puts everything in (the archive's name): the one holding {@code data.pkl}. */
    private static String archivePrefix(Path file, ZipFile zip) throws WeightFormatException {
        String found = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                if (found != null) {
                    throw new WeightFormatException(file, null, "the archive holds more than one data.pkl");
                }
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) {
            throw new WeightFormatException(file, null, "a zip archive, but not one torch.save wrote: no "
                    + "<name>/data.pkl in it");
        }
        return found;
    }

    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, int limit) throws IOException {
        if (entry.getSize() > limit) {
            throw new WeightFormatException(file, null, entry.getName() + " has " + entry.getSize()
                    + " bytes; at most " + limit + " are read");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(limit + 1); // grows as data arrives, never past the limit
            if (bytes.length > limit) {
                throw new WeightFormatException(file, null, entry.getName() + " holds more than " + limit + " bytes");
            }
            return bytes;
        } catch (ZipException | java.io.EOFException e) {
            throw damaged(file, entry.getName(), e);
        }
    }

    /** A zip entry whose local header or compressed data is broken (the central directory read fine). */
    private static WeightFormatException damaged(Path file, String entry, IOException e) {
        return new WeightFormatException(file, null, "the archive's entry " + entry + " is damaged (" + e.getMessage()
                + ")", e);
    }

    private static final class ZipStorages implements Storages {
        private final Path file;
        private final ZipFile zip;
        private final String prefix;
        private InputStream open;
        private String openKey;
        private long position;

        ZipStorages(Path file, ZipFile zip, String prefix) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
        }

        /** Reads forward through one entry at a time (tensors are read in order); seeks back by reopening. */
        @Override
        public void read(String key, long offset, byte[] into, int n) throws IOException {
            int read;
            try {
                if (open == null || !key.equals(openKey) || offset < position) {
                    if (open != null) {
                        open.close();
                    }
                    open = zip.getInputStream(zip.getEntry(prefix + "data/" + key));
                    openKey = key;
                    position = 0;
                }
                open.skipNBytes(offset - position);
                read = open.readNBytes(into, 0, n);
            } catch (ZipException | java.io.EOFException e) {
                throw damaged(file, prefix + "data/" + key, e);
            }
            position = offset + read;
            if (read < n) {
                throw new WeightFormatException(file, null, prefix + "data/" + key + " ends at byte " + position
                        + ", before the " + n + " bytes expected from byte " + offset);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (open != null) {
                    open.close();
                }
            } finally {
                zip.close();
            }
        }
    }

    // ---- the legacy format ------------------------------------------------------------------------------

    /**
     * torch.save before 1.6 (and with {@code _use_new_zipfile_serialization=False}): pickles of the magic
     * number, the protocol version (1001) and the system info, then the state dict (storages as persistent
     * ids), then the list of storage keys; then, for each key in that order, its element count (8 bytes)
     * and its raw data.
     */
    private static PthFile openLegacy(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MAX_PICKLE_BYTES));
            while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
                // read the whole head
            }
            head.flip();
            Object magic = new RestrictedUnpickler(file, "magic number", head).load();
            if (!LEGACY_MAGIC.equals(magic)) {
                throw new WeightFormatException(file, null, "neither a zip archive nor a legacy torch.save file "
                        + "(its magic number is missing)");
            }
            Object protocol = new RestrictedUnpickler(file, "protocol version", head).load();
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
                throw new WeightFormatException(file, null, "legacy protocol version " + protocol + ", expected "
                        + LEGACY_PROTOCOL);
            }
            Object sysInfo = new RestrictedUnpickler(file, "system info", head).load();
            if (!(sysInfo instanceof Map<?, ?> info) || !Boolean.TRUE.equals(info.get("little_endian"))) {
                throw new WeightFormatException(file, null, "only little-endian files are read, and the system info "
                        + "does not say little_endian=True");
            }
            Object root = new RestrictedUnpickler(file, "state dict pickle", head).load();
            Map<String, TensorRef> refs = stateDict(file, root);
            Object keys = new RestrictedUnpickler(file, "storage key list", head).load();
            if (!(keys instanceof List<?> keyList)) {
                throw new WeightFormatException(file, null, "expected the list of storage keys after the state dict");
            }
            Map<String, StorageRef> byKey = new LinkedHashMap<>();
            refs.values().forEach(t -> byKey.put(t.storage().key(), t.storage()));
            Map<String, Long> starts = new LinkedHashMap<>();
            long position = head.position();
            for (Object k : keyList) {
                StorageRef s = byKey.get(String.valueOf(k));
                if (s == null) {
                    throw new WeightFormatException(file, null, "storage '" + k + "' follows the pickle, but no tensor "
                            + "uses it, so its element size is unknown");
                }
                if (position + 8 > size) {
                    throw new WeightFormatException(file, null, "the file ends at byte " + size + ", before storage '"
                            + k + "'");
                }
                ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(count, position);
                long elements = count.getLong(0);
                long bytes = checkStorageBytes(file, null, s, -1);
                if (elements != s.elements()) {
                    throw new WeightFormatException(file, null, "storage '" + k + "' records " + elements
                            + " elements at byte " + position + ", the pickle said " + s.elements());
                }
                if (bytes > size - position - 8) {
                    throw new WeightFormatException(file, null, "storage '" + k + "' needs " + bytes + " bytes from "
                            + "byte " + (position + 8) + ", but the file has " + size + " (is it truncated?)");
                }
                starts.put(s.key(), position + 8);
                position += 8 + bytes;
            }
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                if (!starts.containsKey(e.getValue().storage().key())) {
                    throw new WeightFormatException(file, e.getKey(), "its storage '" + e.getValue().storage().key()
                            + "' is not in the file");
                }
            }
            return new PthFile(file, refs, new Storages() {
                @Override
                public void read(String key, long offset, byte[] into, int n) throws IOException {
                    ByteBuffer target = ByteBuffer.wrap(into, 0, n);
                    long at = starts.get(key) + offset;
                    while (target.hasRemaining()) {
                        if (channel.read(target, at + target.position()) < 0) {
                            throw new WeightFormatException(file, null, "the file ends inside storage '" + key + "'");
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            });
        } catch (Throwable e) { // whatever went wrong, the file is closed
            channel.close();
            throw e;
        }
    }

    // ---- shared checks --------------------------------------------------------------------------------

    /**
     * The name-to-tensor map of a state dict: the pickle's dict itself, or the one a training checkpoint
     * keeps under {@code state_dict}/{@code model}. Each tensor is checked against its storage's extent.
     */
    private static Map<String, TensorRef> stateDict(Path file, Object root) throws WeightFormatException {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new WeightFormatException(file, null, "expected a state dict (a dict of name -> tensor), got a "
                    + (root == null ? "None" : root.getClass().getSimpleName()));
        }
        if (!dict.values().stream().allMatch(v -> tensor(v) != null)) {
            for (String key : NESTED_STATE_DICTS) {
                if (dict.get(key) instanceof Map<?, ?> nested && !nested.isEmpty()
                        && nested.values().stream().allMatch(v -> tensor(v) != null)) {
                    return stateDict(file, nested);
                }
            }
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new WeightFormatException(file, null, "a state dict's keys are strings, got a "
                        + RestrictedUnpickler.typeName(e.getKey()));
            }
            TensorRef t = tensor(e.getValue());
            if (t == null) {
                throw new WeightFormatException(file, name, "expected a tensor, got " + describe(e.getValue())
                        + " (a checkpoint's weights are read from its " + String.join("/", NESTED_STATE_DICTS)
                        + " entry when it has one)");
            }
            checkTensor(file, name, t);
            refs.put(name, t);
        }
        return refs;
    }

    /** The tensor a state-dict value is, or null. */
    private static TensorRef tensor(Object value) {
        if (value instanceof TensorRef t) {
            return t;
        }
        return value instanceof LegacyTensor legacy ? legacy.ref : null;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Map<?, ?> m) {
            return "a dict of " + m.size() + " entries";
        }
        return "a " + RestrictedUnpickler.typeName(value);
    }

    /** Row-major strides, and an extent inside the storage, in overflow-checked arithmetic. */
    private static void checkTensor(Path file, String name, TensorRef t) throws WeightFormatException {
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new WeightFormatException(file, name, "size " + java.util.Arrays.toString(shape) + " with stride "
                    + java.util.Arrays.toString(stride) + " of another rank");
        }
        try {
            long expected = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && stride[i] != expected) {
                    throw new WeightFormatException(file, name, "is stored with strides " + java.util.Arrays.toString(stride)
                            + " for size " + java.util.Arrays.toString(shape) + "; only row-major (contiguous) tensors "
                            + "are read: save tensor.contiguous()");
                }
                expected = Math.multiplyExact(expected, shape[i]);
            }
            long end = Math.addExact(Math.addExact(t.storage().viewOffset(), t.offset()), expected);
            if (end > t.storage().elements()) {
                throw new WeightFormatException(file, name, "elements [" + (end - expected) + ", " + end + ") of a "
                        + "storage of " + t.storage().elements());
            }
        } catch (ArithmeticException e) {
            throw new WeightFormatException(file, name, "size " + java.util.Arrays.toString(shape)
                    + " overflows a 64-bit element count");
        }
    }

    /** The bytes a storage needs; {@code actual}, when known (not -1), must equal them. */
    private static long checkStorageBytes(Path file, String tensor, StorageRef s, long actual)
            throws WeightFormatException {
        long bytes;
        try {
            bytes = Math.multiplyExact(s.elements(), s.dtype().size());
        } catch (ArithmeticException e) {
            throw new WeightFormatException(file, tensor, "a storage of " + s.elements() + " elements overflows");
        }
        if (actual >= 0 && actual != bytes) {
            throw new WeightFormatException(file, tensor, "storage '" + s.key() + "' holds " + actual + " bytes, but "
                    + s.elements() + " elements of " + s.dtype() + " need " + bytes);
        }
        return bytes;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void readFloats(String name, long from, float[] out, int count) throws IOException {
        TensorInfo info = TensorFiles.checkRead(this, name, from, out, count);
        TensorRef t = refs.get(name);
        DType dtype = info.dtype();
        float[] piece = count <= TensorFiles.PIECE ? out : new float[TensorFiles.PIECE];
        for (int done = 0; done < count; done += TensorFiles.PIECE) {
            int n = Math.min(TensorFiles.PIECE, count - done);
            int bytes = n * dtype.size();
            if (buffer.length < bytes) {
                buffer = new byte[bytes];
            }
            long element = t.storage().viewOffset() + t.offset() + from + done;
            storages.read(t.storage().key(), element * dtype.size(), buffer, bytes);
            dtype.readFloats(ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.LITTLE_ENDIAN), piece, n);
            if (piece != out) {
                System.arraycopy(piece, 0, out, done, n);
            }
        }
    }

    @Override
    public void close() throws IOException {
        storages.close();
    }
}
