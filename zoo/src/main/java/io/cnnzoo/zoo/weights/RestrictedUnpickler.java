package io.cnnzoo.zoo.weights;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader that builds only what a PyTorch state dict holds, the policy of PyTorch's
 * {@code torch.load(weights_only=True)}: dicts and {@code OrderedDict}s (with string or integer keys), lists,
 * tuples, strings, numbers, booleans, None, tensors and the typed storages they point at (persistent ids).
 * Tensors come as PyTorch has pickled them over the years: {@code torch._utils._rebuild_tensor_v2} (0.4 and
 * later), {@code _rebuild_tensor} (0.3), a tensor class such as {@code torch.FloatTensor} called without
 * arguments and then given (storage, offset, size, stride) by BUILD (earlier), and {@code _rebuild_parameter}.
 * Any other global, whatever its module, is refused with an error naming it: nothing from the file is ever
 * looked up as Java or Python code, so a malicious pickle can at worst be refused. No value is printed in a
 * message, only its type, so a pickle that contains itself cannot send a message into endless recursion.
 *
 * <p>It reads the binary opcodes of pickle protocols 2 to 5 (torch.save writes protocol 2). Every length
 * in the stream is checked against the bytes that remain before anything is allocated for it.
 */
final class RestrictedUnpickler {

    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    /** A global the policy allows, kept as a name until it is called. */
    record Global(String name) {
    }

    /** A typed storage, named by its key in the archive ({@code data/<key>}). */
    record StorageRef(DType dtype, String key, long elements, long viewOffset) {
    }

    /** A tensor: a row-major view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    /** A tensor of the oldest form, made by calling its class and completed by BUILD. */
    static final class LegacyTensor {
        TensorRef ref;
    }

    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    private static final String REBUILD_TENSOR_V1 = "torch._utils._rebuild_tensor";
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final String ORDERED_DICT = "collections.OrderedDict";

    /** PyTorch's typed storage classes and the element type of each. */
    static final Map<String, DType> STORAGE_TYPES = Map.of(
            "torch.DoubleStorage", DType.F64, "torch.FloatStorage", DType.F32, "torch.HalfStorage", DType.F16,
            "torch.BFloat16Storage", DType.BF16, "torch.LongStorage", DType.I64, "torch.IntStorage", DType.I32,
            "torch.ShortStorage", DType.I16, "torch.CharStorage", DType.I8, "torch.ByteStorage", DType.U8,
            "torch.BoolStorage", DType.BOOL);

    /** PyTorch's typed tensor classes, pickled as such before 0.3. */
    private static final java.util.Set<String> TENSOR_TYPES = java.util.Set.of("torch.DoubleTensor",
            "torch.FloatTensor", "torch.HalfTensor", "torch.BFloat16Tensor", "torch.LongTensor", "torch.IntTensor",
            "torch.ShortTensor", "torch.CharTensor", "torch.ByteTensor", "torch.BoolTensor");

    private static final Object MARK = new Object();

    private final Path file;
    private final String record;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param record what the pickle is, for messages ({@code data.pkl})
     * @param in     the pickle's bytes, from its position; the position ends just after STOP
     */
    RestrictedUnpickler(Path file, String record, ByteBuffer in) {
        this.file = file;
        this.record = record;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads one pickle up to its STOP opcode and returns its value. */
    Object load() throws WeightFormatException {
        while (true) {
            int at = in.position();
            int op = u8(at);
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8(at);
                    if (protocol < 2 || protocol > 5) {
                        throw error(at, "pickle protocol " + protocol + " (torch.save writes 2; 2 to 5 are read)");
                    }
                }
                case 0x95 -> bytes(at, 8); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error(at, "STOP with " + stack.size() + " values on the stack, expected 1");
                    }
                    return stack.remove(0);
                }
                case '(' -> {
                    marks.push(stack.size());
                    stack.add(MARK);
                }
                case '0' -> pop(at);
                case '1' -> popToMark(at);
                case '2' -> push(peek(at));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) bytes(at, 4).getInt());
                case 'K' -> push((long) u8(at));
                case 'M' -> push((long) (bytes(at, 2).getShort() & 0xffff));
                case 0x8a -> push(longOf(at, u8(at)));
                case 0x8b -> push(longOf(at, length(at, bytes(at, 4).getInt() & 0xffffffffL)));
                case 'G' -> push(bytes(at, 8).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> push(utf8(at, bytes(at, 4).getInt() & 0xffffffffL));
                case 0x8c -> push(utf8(at, u8(at)));
                case 0x8d -> push(utf8(at, bytes(at, 8).getLong()));
                case 'T' -> push(latin1(at, bytes(at, 4).getInt() & 0xffffffffL));
                case 'U' -> push(latin1(at, u8(at)));
                case 'B' -> push(byteArray(at, bytes(at, 4).getInt() & 0xffffffffL));
                case 'C' -> push(byteArray(at, u8(at)));
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(popToMark(at)));
                case 0x85 -> push(tupleOf(at, 1));
                case 0x86 -> push(tupleOf(at, 2));
                case 0x87 -> push(tupleOf(at, 3));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popToMark(at)));
                case 'a' -> {
                    Object value = pop(at);
                    list(at, peek(at)).add(value);
                }
                case 'e' -> {
                    List<Object> values = popToMark(at);
                    list(at, peek(at)).addAll(values);
                }
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> push(dictOf(at, popToMark(at)));
                case 's' -> {
                    Object value = pop(at);
                    Object key = key(at, pop(at));
                    dict(at, peek(at)).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popToMark(at);
                    dict(at, peek(at)).putAll(dictOf(at, items));
                }
                case 'c' -> push(global(at, line(at) + "." + line(at)));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(at, "STACK_GLOBAL needs two strings");
                    }
                    push(global(at, m + "." + n));
                }
                case 'R' -> {
                    Object args = pop(at);
                    Object callable = pop(at);
                    push(reduce(at, callable, args));
                }
                case 'b' -> build(at, pop(at), peek(at));
                case 'Q' -> push(persistent(at, pop(at)));
                case 'q' -> memo.put((long) u8(at), peek(at));
                case 'r' -> memo.put(bytes(at, 4).getInt() & 0xffffffffL, peek(at));
                case 0x94 -> memo.put((long) memo.size(), peek(at));
                case 'h' -> push(memoized(at, u8(at)));
                case 'j' -> push(memoized(at, bytes(at, 4).getInt() & 0xffffffffL));
                default -> throw error(at, String.format("opcode 0x%02x ('%s'), which a state dict does not use", op,
                        op >= 0x20 && op < 0x7f ? String.valueOf((char) op) : "?"));
            }
        }
    }

    private Object global(int at, String name) throws WeightFormatException {
        if (name.equals(ORDERED_DICT) || name.equals(REBUILD_TENSOR) || name.equals(REBUILD_TENSOR_V1)
                || name.equals(REBUILD_PARAMETER) || STORAGE_TYPES.containsKey(name) || TENSOR_TYPES.contains(name)) {
            return new Global(name);
        }
        throw error(at, "the global '" + name + "' is not allowed: a state dict holds only tensors, storages, "
                + "dicts, lists, tuples, strings and numbers (torch.load(weights_only=True)'s policy), so this file "
                + "is refused rather than run");
    }

    private Object reduce(int at, Object callable, Object args) throws WeightFormatException {
        if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
            throw error(at, "REDUCE needs an allowed global and a tuple of arguments");
        }
        List<Object> a = t.items();
        switch (g.name()) {
            case ORDERED_DICT -> {
                if (!a.isEmpty()) {
                    throw error(at, "OrderedDict() is called without arguments in a state dict");
                }
                return new LinkedHashMap<>();
            }
            case REBUILD_TENSOR -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (a.size() < 6 || a.size() > 7 || !(a.get(0) instanceof StorageRef storage)) {
                    throw error(at, "_rebuild_tensor_v2 takes (storage, offset, size, stride, requires_grad, hooks)");
                }
                return new TensorRef(storage, natural(at, a.get(1), "storage offset"), longs(at, a.get(2), "size"),
                        longs(at, a.get(3), "stride"));
            }
            case REBUILD_TENSOR_V1 -> { // (storage, storage_offset, size, stride)
                if (a.size() != 4 || !(a.get(0) instanceof StorageRef storage)) {
                    throw error(at, "_rebuild_tensor takes (storage, offset, size, stride)");
                }
                return new TensorRef(storage, natural(at, a.get(1), "storage offset"), longs(at, a.get(2), "size"),
                        longs(at, a.get(3), "stride"));
            }
            case REBUILD_PARAMETER -> {
                if (a.size() != 3 || !(a.get(0) instanceof TensorRef tensor)) {
                    throw error(at, "_rebuild_parameter takes (tensor, requires_grad, hooks)");
                }
                return tensor;
            }
            default -> {
                if (TENSOR_TYPES.contains(g.name()) && a.isEmpty()) {
                    return new LegacyTensor(); // BUILD gives it its storage
                }
                throw error(at, "'" + g.name() + "' is not called in a state dict");
            }
        }
    }

    /**
     * BUILD sets an object's state: state dicts set {@code _metadata} on their OrderedDict (ignored here), and
     * the oldest tensors get (storage, storage_offset, size, stride), as PyTorch's {@code Tensor.set_}.
     */
    private void build(int at, Object state, Object target) throws WeightFormatException {
        if (target instanceof LegacyTensor tensor && state instanceof Tuple t && t.items().size() == 4
                && t.items().get(0) instanceof StorageRef storage) {
            tensor.ref = new TensorRef(storage, natural(at, t.items().get(1), "storage offset"),
                    longs(at, t.items().get(2), "size"), longs(at, t.items().get(3), "stride"));
            return;
        }
        if (!(target instanceof Map) || !(state instanceof Map || state == null)) {
            throw error(at, "BUILD of a " + typeName(state) + " on a " + typeName(target) + "; a state dict only "
                    + "sets the _metadata of a dict and the storage of a tensor");
        }
    }

    /** torch.save's persistent id: ('storage', storage type, key, location, elements[, view metadata]). */
    private StorageRef persistent(int at, Object pid) throws WeightFormatException {
        if (!(pid instanceof Tuple t) || t.items().size() < 5 || !"storage".equals(t.items().get(0))
                || !(t.items().get(1) instanceof Global type) || !STORAGE_TYPES.containsKey(type.name())
                || !(t.items().get(2) instanceof String key)) {
            throw error(at, "a persistent id must be ('storage', <storage type>, key, location, size), got a "
                    + typeName(pid));
        }
        long elements = natural(at, t.items().get(4), "storage size");
        long viewOffset = 0;
        if (t.items().size() > 5 && t.items().get(5) != null) { // legacy format: (view key, offset, size)
            if (!(t.items().get(5) instanceof Tuple view) || view.items().size() != 3) {
                throw error(at, "a storage view must be (key, offset, size), got a " + typeName(t.items().get(5)));
            }
            viewOffset = natural(at, view.items().get(1), "view offset");
        }
        return new StorageRef(STORAGE_TYPES.get(type.name()), key, elements, viewOffset);
    }

    private long natural(int at, Object value, String what) throws WeightFormatException {
        if (!(value instanceof Long l) || l < 0) {
            throw error(at, what + " must be a non-negative integer, got " + (value instanceof Long ? value
                    : "a " + typeName(value)));
        }
        return l;
    }

    private long[] longs(int at, Object value, String what) throws WeightFormatException {
        if (!(value instanceof Tuple t)) {
            throw error(at, "the tensor's " + what + " must be a tuple of integers, got a " + typeName(value));
        }
        long[] result = new long[t.items().size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = natural(at, t.items().get(i), "the tensor's " + what);
        }
        return result;
    }

    private Tuple tupleOf(int at, int n) throws WeightFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(at);
        }
        return new Tuple(java.util.Arrays.asList(items)); // may hold None: not List.of
    }

    private Map<Object, Object> dictOf(int at, List<Object> items) throws WeightFormatException {
        if (items.size() % 2 != 0) {
            throw error(at, "a dict needs key-value pairs, got " + items.size() + " items");
        }
        Map<Object, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(key(at, items.get(i)), items.get(i + 1));
        }
        return dict;
    }

    /** A dict key: a state dict's keys are strings (and integers in some metadata); nothing else is hashed. */
    private Object key(int at, Object key) throws WeightFormatException {
        if (key instanceof String || key instanceof Long) {
            return key;
        }
        throw error(at, "a dict key must be a string or an integer, got a " + typeName(key));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(int at, Object value) throws WeightFormatException {
        if (value instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw error(at, "APPEND to a " + typeName(value) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(int at, Object value) throws WeightFormatException {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw error(at, "SETITEM on a " + typeName(value) + ", not a dict");
    }

    private Object memoized(int at, long index) throws WeightFormatException {
        if (!memo.containsKey(index)) {
            throw error(at, "memo entry " + index + " is read before it is written");
        }
        return memo.get(index);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object peek(int at) throws WeightFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw error(at, "the stack is empty");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop(int at) throws WeightFormatException {
        Object value = peek(at);
        stack.remove(stack.size() - 1);
        return value;
    }

    private List<Object> popToMark(int at) throws WeightFormatException {
        if (marks.isEmpty()) {
            throw error(at, "no MARK to pop to");
        }
        int mark = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int u8(int at) throws WeightFormatException {
        return bytes(at, 1).get() & 0xff;
    }

    /** The next {@code n} bytes as a little-endian view, after checking that they exist. */
    private ByteBuffer bytes(int at, long n) throws WeightFormatException {
        if (n < 0 || n > in.remaining()) {
            throw error(at, "the pickle ends after " + in.remaining() + " more bytes, but " + n + " were announced");
        }
        ByteBuffer slice = in.slice().limit((int) n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + (int) n);
        return slice;
    }

    private int length(int at, long n) throws WeightFormatException {
        if (n < 0 || n > in.remaining()) {
            throw error(at, "a length of " + n + " bytes, but only " + in.remaining() + " remain");
        }
        return (int) n;
    }

    private byte[] byteArray(int at, long n) throws WeightFormatException {
        ByteBuffer b = bytes(at, n);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private String utf8(int at, long n) throws WeightFormatException {
        return new String(byteArray(at, n), StandardCharsets.UTF_8);
    }

    private String latin1(int at, long n) throws WeightFormatException {
        return new String(byteArray(at, n), StandardCharsets.ISO_8859_1);
    }

    /** A newline-terminated ASCII line (GLOBAL's module and name). */
    private String line(int at) throws WeightFormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8(at);
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 256 || c < 0x20 || c > 0x7e) {
                throw error(at, "a GLOBAL name must be a short line of ASCII");
            }
            sb.append((char) c);
        }
    }

    /** Two's-complement little-endian integer of {@code n} bytes (LONG1, LONG4), as Long when it fits. */
    private Object longOf(int at, int n) throws WeightFormatException {
        byte[] le = byteArray(at, n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Global g) {
            return "global " + g.name();
        }
        return value.getClass().getSimpleName();
    }

    private WeightFormatException error(int at, String expected) {
        return new WeightFormatException(file, null, record + " at byte " + at + ": " + expected);
    }
}
