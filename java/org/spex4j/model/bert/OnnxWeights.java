package org.spex4j.model.bert;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.spex4j.model.runtime.Tensors;

/**
 * The weights of a BERT encoder exported to ONNX, read from the file's {@code ModelProto} by a wire-level protobuf
 * walk (no generated ONNX classes): {@code graph.initializer} (TensorProto: dims, data_type, name, raw_data or the
 * typed {@code *_data} fields) and {@code graph.node} (inputs, outputs, op_type, and the tensor value of
 * {@code Constant} nodes).
 *
 * <p><b>Names.</b> Initializers that carry Hugging Face names ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.3.attention.self.query.bias}, ...) keep them. The dense weights that the exporter left
 * anonymous ({@code onnx::MatMul_<N>}) are named through the graph: the {@code MatMul} node that takes the weight as
 * its second input feeds an {@code Add} whose other input is the layer's bias; the weight takes the bias's name with
 * {@code .bias} replaced by {@code .weight} (see spec/JVM.md §6).
 *
 * <p><b>Layout.</b> Nothing is transposed at load. Dense weights stay as the ONNX graph multiplies them,
 * {@code x @ W}: shape <b>[in, out]</b> (the transpose of a Hugging Face {@code nn.Linear.weight}, which is
 * [out, in]). {@link BertEncoder} uses this [in, out] layout for every dense weight, whatever the source.
 *
 * <p>The file is read once into native memory; {@link #tensor(String)} copies one weight out of it into a new
 * tensor (float32 for floating-point data, int64 for integer data). {@link #close()} frees the buffer. Not
 * thread-safe.
 */
public final class OnnxWeights implements AutoCloseable {

    /** ONNX TensorProto.DataType codes that this reader converts. */
    static final int FLOAT = 1, INT32 = 6, INT64 = 7, FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;

    /** One node of the graph. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /** Where one tensor's data lives: in the file buffer (raw_data) or decoded from a typed field. */
    private static final class Ref {
        String name = "";
        int dataType;
        long[] dims = new long[0];
        long rawOffset = -1, rawLength;
        float[] floats;
        long[] longs;
        boolean external;
    }

    private static final Pattern HF_DENSE_BIAS = Pattern.compile(
            "(?:bert\\.)?encoder\\.layer\\.\\d+\\.(?:attention\\.self\\.(?:query|key|value)|attention\\.output\\.dense"
                    + "|intermediate\\.dense|output\\.dense)\\.bias");

    private final Path file;
    private BytePointer buffer;
    private final Map<String, Ref> initializers;     // by ONNX name, in file order
    private final Map<String, Ref> constants;        // Constant node outputs, by output name
    private final List<Node> nodes;
    private final Map<String, String> hfToOnnx;      // HF name -> ONNX initializer name

    private OnnxWeights(Path file, BytePointer buffer, Map<String, Ref> initializers, Map<String, Ref> constants,
            List<Node> nodes) {
        this.file = file;
        this.buffer = buffer;
        this.initializers = initializers;
        this.constants = constants;
        this.nodes = nodes;
        this.hfToOnnx = mapNames();
    }

    /**
     * Reads {@code onnx}. Throws IllegalArgumentException naming the file and the problem when it is missing,
     * unreadable, not an ONNX model, or holds tensors this reader cannot convert.
     */
    public static OnnxWeights read(Path onnx) {
        if (onnx == null) {
            throw new IllegalArgumentException("the ONNX model path must not be null");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("ONNX model " + onnx + " does not exist or is not a regular file");
        }
        BytePointer buf = null;
        try {
            buf = readFully(onnx);
            Map<String, Ref> inits = new LinkedHashMap<>();
            Map<String, Ref> consts = new HashMap<>();
            List<Node> nodes = new ArrayList<>();
            ByteBuffer bb = buf.asByteBuffer();
            CodedInputStream in = CodedInputStream.newInstance(bb);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.setRecursionLimit(64);
            boolean sawGraph = false;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (WireFormat.getTagFieldNumber(tag) == 7 && wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int old = in.pushLimit(in.readRawVarint32());
                    readGraph(in, inits, consts, nodes);
                    in.popLimit(old);
                    sawGraph = true;
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            if (!sawGraph || inits.isEmpty()) {
                throw new IllegalArgumentException("ONNX model " + onnx + " is not a valid ONNX model: "
                        + (sawGraph ? "its graph has no initializers (weights)" : "no graph found"));
            }
            OnnxWeights w = new OnnxWeights(onnx, buf, inits, consts, nodes);
            buf = null;
            return w;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("ONNX model " + onnx + " is corrupt or not an ONNX file: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("ONNX model " + onnx + " cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(onnx.toString())) {
                throw e;
            }
            throw new IllegalArgumentException("ONNX model " + onnx + " is corrupt: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // protobuf reports some malformed input as unchecked exceptions; never let them escape unexplained
            throw new IllegalArgumentException("ONNX model " + onnx + " is corrupt or not an ONNX file: " + e, e);
        } finally {
            if (buf != null) {
                buf.close();
            }
        }
    }

    private static BytePointer readFully(Path path) throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            throw new IllegalArgumentException("ONNX model " + path + " is empty");
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ONNX model " + path + " has " + size
                    + " bytes; files over 2 GB (external data) are not supported");
        }
        BytePointer buf = new BytePointer(size);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bb = buf.asByteBuffer();
            while (bb.hasRemaining()) {
                if (ch.read(bb) < 0) {
                    throw new IOException("file ended after " + bb.position() + " of " + size + " bytes");
                }
            }
        } catch (IOException | RuntimeException e) {
            buf.close();
            throw e;
        }
        return buf;
    }

    private static int wire(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    private static void readGraph(CodedInputStream in, Map<String, Ref> inits, Map<String, Ref> consts,
            List<Node> nodes) throws IOException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 && wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {          // node
                int old = in.pushLimit(in.readRawVarint32());
                nodes.add(readNode(in, consts));
                in.popLimit(old);
            } else if (field == 5 && wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {   // initializer
                int old = in.pushLimit(in.readRawVarint32());
                Ref r = readTensor(in);
                in.popLimit(old);
                inits.put(r.name, r);
            } else if (!in.skipField(tag)) {
                return;
            }
        }
    }

    private static Node readNode(CodedInputStream in, Map<String, Ref> consts) throws IOException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "", op = "";
        Ref value = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            boolean ld = wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == 1 && ld) {
                inputs.add(in.readStringRequireUtf8());
            } else if (field == 2 && ld) {
                outputs.add(in.readStringRequireUtf8());
            } else if (field == 3 && ld) {
                name = in.readStringRequireUtf8();
            } else if (field == 4 && ld) {
                op = in.readStringRequireUtf8();
            } else if (field == 5 && ld) {                                                   // AttributeProto
                int old = in.pushLimit(in.readRawVarint32());
                Ref t = readAttributeTensor(in);
                in.popLimit(old);
                if (t != null) {
                    value = t;
                }
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        if ("Constant".equals(op) && value != null && !outputs.isEmpty()) {
            value.name = outputs.get(0);
            consts.put(value.name, value);
        }
        return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
    }

    /** The tensor of an attribute named "value" (the payload of a Constant node), or null. */
    private static Ref readAttributeTensor(CodedInputStream in) throws IOException {
        String name = "";
        Ref t = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 && wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                name = in.readStringRequireUtf8();
            } else if (field == 5 && wire(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int old = in.pushLimit(in.readRawVarint32());
                t = readTensor(in);
                in.popLimit(old);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return "value".equals(name) ? t : null;
    }

    private static Ref readTensor(CodedInputStream in) throws IOException {
        Ref r = new Ref();
        List<Long> dims = new ArrayList<>();
        List<Float> floats = null;
        List<Long> longs = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            int wt = wire(tag);
            switch (field) {
                case 1 -> readLongs(in, wt, dims, false);                                     // dims (int64)
                case 2 -> r.dataType = in.readInt32();                                         // data_type
                case 4 -> {                                                                    // float_data
                    if (floats == null) {
                        floats = new ArrayList<>();
                    }
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int old = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(old);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 5, 7 -> {                                                                 // int32_data, int64_data
                    if (longs == null) {
                        longs = new ArrayList<>();
                    }
                    readLongs(in, wt, longs, field == 5);
                }
                case 8 -> r.name = in.readStringRequireUtf8();                                 // name
                case 9 -> {                                                                    // raw_data
                    int len = in.readRawVarint32();
                    if (len < 0 || len > in.getBytesUntilLimit()) {
                        throw new InvalidProtocolBufferException("raw_data runs past the end of its message");
                    }
                    r.rawOffset = in.getTotalBytesRead();
                    r.rawLength = len;
                    in.skipRawBytes(len);
                }
                case 14 -> r.external = in.readInt32() == 1;                                   // data_location
                default -> {
                    if (!in.skipField(tag)) {
                        return finish(r, dims, floats, longs);
                    }
                }
            }
        }
        return finish(r, dims, floats, longs);
    }

    private static void readLongs(CodedInputStream in, int wt, List<Long> out, boolean int32) throws IOException {
        if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int old = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(int32 ? in.readInt32() : in.readInt64());
            }
            in.popLimit(old);
        } else if (wt == WireFormat.WIRETYPE_VARINT) {
            out.add(int32 ? in.readInt32() : in.readInt64());
        } else {
            throw new InvalidProtocolBufferException("unexpected wire type " + wt + " for an integer field");
        }
    }

    private static Ref finish(Ref r, List<Long> dims, List<Float> floats, List<Long> longs) {
        r.dims = dims.stream().mapToLong(Long::longValue).toArray();
        if (floats != null) {
            r.floats = new float[floats.size()];
            for (int i = 0; i < r.floats.length; i++) {
                r.floats[i] = floats.get(i);
            }
        }
        if (longs != null) {
            r.longs = longs.stream().mapToLong(Long::longValue).toArray();
        }
        return r;
    }

    /** Maps HF names to initializer names: named ones as they are, MatMul weights through MatMul -> Add -> bias. */
    private Map<String, String> mapNames() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : initializers.keySet()) {
            if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")
                    || name.startsWith("bert.")) {
                map.put(stripBert(name), name);
            }
        }
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : nodes) {
            for (String i : n.inputs()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        for (Node n : nodes) {
            if (!"MatMul".equals(n.opType()) || n.inputs().size() != 2 || n.outputs().isEmpty()) {
                continue;
            }
            String weight = n.inputs().get(1);
            if (!initializers.containsKey(weight) || map.containsValue(weight)) {
                continue;
            }
            for (Node add : consumers.getOrDefault(n.outputs().get(0), List.of())) {
                if (!"Add".equals(add.opType()) || add.inputs().size() != 2) {
                    continue;
                }
                String other = add.inputs().get(0).equals(n.outputs().get(0)) ? add.inputs().get(1)
                        : add.inputs().get(0);
                if (initializers.containsKey(other) && HF_DENSE_BIAS.matcher(other).matches()) {
                    String hf = stripBert(other.substring(0, other.length() - ".bias".length()) + ".weight");
                    if (map.containsKey(hf)) {
                        throw new IllegalArgumentException("ONNX model " + file + ": two MatMul weights ("
                                + map.get(hf) + ", " + weight + ") feed the bias " + other);
                    }
                    map.put(hf, weight);
                    break;
                }
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static String stripBert(String name) {
        return name.startsWith("bert.") ? name.substring(5) : name;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** The number of initializers in the graph (104 for all-MiniLM-L6-v2). */
    public int initializerCount() {
        return initializers.size();
    }

    /** The graph's nodes, in file order. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The Hugging Face names of the weights found (named initializers plus MatMul weights mapped via the graph). */
    public Set<String> names() {
        return hfToOnnx.keySet();
    }

    /** True when a weight of this Hugging Face name was found. */
    public boolean has(String hfName) {
        return hfToOnnx.containsKey(hfName);
    }

    /** The ONNX initializer name behind a Hugging Face name (e.g. {@code onnx::MatMul_1234}). */
    public String onnxName(String hfName) {
        return hfToOnnx.get(require(hfName));
    }

    /** The shape as stored (dense weights: [in, out]). */
    public long[] shape(String hfName) {
        return initializers.get(onnxName(hfName)).dims.clone();
    }

    /** The ONNX data type code of a weight (1 = float32, 7 = int64, ...). */
    public int dataType(String hfName) {
        return initializers.get(onnxName(hfName)).dataType;
    }

    /**
     * A new tensor holding the weight {@code hfName}, in its stored layout (dense weights [in, out]): float32 for
     * float16/bfloat16/float32/float64 data, int64 for int32/int64 data. Call inside a PointerScope or close it.
     */
    public Tensor tensor(String hfName) {
        return toTensor(initializers.get(onnxName(hfName)));
    }

    /** The values of a small float constant, from an initializer or a Constant node (null when absent). */
    public float[] constantFloats(String name) {
        Ref r = initializers.containsKey(name) ? initializers.get(name) : constants.get(name);
        if (r == null || !(r.dataType == FLOAT || r.dataType == DOUBLE || r.dataType == FLOAT16)) {
            return null;
        }
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toFloats(toTensor(r));
        }
    }

    /** The values of a small integer constant, from an initializer or a Constant node (null when absent). */
    public long[] constantLongs(String name) {
        Ref r = initializers.containsKey(name) ? initializers.get(name) : constants.get(name);
        if (r == null || !(r.dataType == INT64 || r.dataType == INT32)) {
            return null;
        }
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toLongs(toTensor(r));
        }
    }

    private String require(String hfName) {
        if (!hfToOnnx.containsKey(hfName)) {
            throw new IllegalArgumentException("ONNX model " + file + " has no weight named " + hfName);
        }
        return hfName;
    }

    private Tensor toTensor(Ref r) {
        if (buffer == null) {
            throw new IllegalStateException("OnnxWeights of " + file + " is closed");
        }
        if (r.external) {
            throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name
                    + " keeps its data in an external file, which is not supported");
        }
        long n = 1;
        for (long d : r.dims) {
            if (d < 0) {
                throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name
                        + " has a negative dimension");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name + " has shape "
                        + java.util.Arrays.toString(r.dims) + ", more elements than a long counts");
            }
        }
        int elem;
        ScalarType st;
        switch (r.dataType) {
            case FLOAT -> { elem = 4; st = ScalarType.Float; }
            case DOUBLE -> { elem = 8; st = ScalarType.Double; }
            case FLOAT16 -> { elem = 2; st = ScalarType.Half; }
            case BFLOAT16 -> { elem = 2; st = ScalarType.BFloat16; }
            case INT64 -> { elem = 8; st = ScalarType.Long; }
            case INT32 -> { elem = 4; st = ScalarType.Int; }
            default -> throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name
                    + " has ONNX data type " + r.dataType + ", which is not supported (float32/16, bfloat16,"
                    + " float64, int32, int64 are)");
        }
        boolean isFloat = st == ScalarType.Float || st == ScalarType.Double || st == ScalarType.Half
                || st == ScalarType.BFloat16;
        if (r.rawOffset >= 0) {
            if (n > Integer.MAX_VALUE || r.rawLength != n * elem) {  // raw data is at most 2 GB: n * elem cannot wrap
                throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name + " of shape "
                        + java.util.Arrays.toString(r.dims) + " needs " + n * elem + " bytes of raw data, has "
                        + r.rawLength);
            }
            Tensor t = torch.empty(r.dims, new TensorOptions(st), new MemoryFormatOptional());
            if (n > 0) {
                Pointer.memcpy(t.data_ptr(), new BytePointer(buffer).position(r.rawOffset), r.rawLength);
            }
            return t.to(isFloat ? ScalarType.Float : ScalarType.Long);
        }
        if (r.floats != null && isFloat) {
            checkCount(r, r.floats.length, n);
            return Tensors.fromFloats(r.floats, r.dims);
        }
        if (r.longs != null && !isFloat) {
            checkCount(r, r.longs.length, n);
            return Tensors.fromLongs(r.longs, r.dims);
        }
        if (n == 0) {
            return torch.empty(r.dims, new TensorOptions(isFloat ? ScalarType.Float : ScalarType.Long),
                    new MemoryFormatOptional());
        }
        throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name + " (data type "
                + r.dataType + ") has no data this reader understands");
    }

    private void checkCount(Ref r, long have, long need) {
        if (have != need) {
            throw new IllegalArgumentException("ONNX model " + file + ": tensor " + r.name + " of shape "
                    + java.util.Arrays.toString(r.dims) + " has " + have + " values, needs " + need);
        }
    }

    /** Frees the file buffer; tensors made by {@link #tensor(String)} stay valid. */
    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }
}
