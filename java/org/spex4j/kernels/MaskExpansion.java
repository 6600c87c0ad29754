package org.spex4j.kernels;

import java.util.Arrays;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;

/**
 * The mask-expansion kernel: turns feature masks into model inputs (token ids, attention mask, positions) written
 * straight into the caller's int64 buffers, typically the memory of LibTorch tensors ({@code data_ptr_long()}),
 * with no per-row Java loop. This is the one public class of the package that takes Pointers: it is the bridge
 * to tensors.
 */
public final class MaskExpansion {
    private MaskExpansion() {}

    /** The token count of the masked input of every row of {@code masks}. */
    public static int[] lengths(MaskedInput input, MaskBatch masks) {
        check(input, masks);
        int[] out = new int[masks.rows()];
        CpuNative.spex_mask_lengths(masks.words(), masks.rows(), masks.wordsPerRow(), input.ids(), input.tokens(),
                input.featureStart(), input.featureEnd(), input.n(), input.replaceId(), input.mode().ordinal(), out);
        return out;
    }

    /**
     * Writes the masked inputs of {@code rows} (row indices into {@code masks}) into [rows.length x outLength]
     * buffers, right-padded with the input's pad id. Each buffer must say how much it holds: its capacity (minus
     * its position) must be at least rows.length * outLength longs. A pointer of unknown capacity (0, as a tensor's
     * {@code data_ptr_long()}) is refused; give it the tensor's size ({@code Tensors.hostLongs}).
     */
    public static void expand(MaskedInput input, MaskBatch masks, int[] rows, int outLength, LongPointer ids,
            LongPointer attention, LongPointer positions) {
        checkRows(input, masks, rows);
        if (outLength < 0) {
            throw new IllegalArgumentException("outLength must be >= 0, got " + outLength);
        }
        long need = (long) rows.length * outLength;
        for (LongPointer p : new LongPointer[] {ids, attention, positions}) {
            requireCapacity(p, need, Long.BYTES, "every output buffer");
        }
        int status = CpuNative.spex_expand_masks(masks.words(), masks.wordsPerRow(), rows, rows.length, input.ids(),
                input.tokens(), input.featureStart(), input.featureEnd(), input.n(), input.replaceId(),
                input.mode().ordinal(), input.padId(), outLength, ids, attention, positions, 0);
        if (status != 0) {
            throw new IllegalArgumentException("a masked row is longer than outLength = " + outLength
                    + " (lengths " + Arrays.toString(lengths(input, masks)) + ")");
        }
    }

    /**
     * Native code writes {@code count} elements of {@code bytes} each through {@code p}: it must be non-null and
     * say that it holds them (capacity minus position, in its own elements; a plain Pointer counts bytes).
     */
    private static void requireCapacity(Pointer p, long count, int bytes, String what) {
        if (count == 0) {
            return;  // nothing is written or read through it
        }
        if (p == null || p.isNull()) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        long held = (p.capacity() - p.position()) * p.sizeof();
        if (p.capacity() <= 0 || p.position() < 0 || held < count * bytes) {
            throw new IllegalArgumentException(what + " must hold " + count + " values of " + bytes + " bytes, got "
                    + (p.capacity() <= 0 ? "a pointer of unknown capacity (set it to the buffer's size)"
                            : held + " bytes"));
        }
    }

    /**
     * Device-memory copies, made by the caller (e.g. as CUDA tensors), of what the expansion reads: the packed masks
     * ({@code masks.words()}, int64), the input's token ids (int64) and its feature starts and ends (int32).
     */
    public record DeviceSource(Pointer masks, Pointer ids, Pointer featureStart, Pointer featureEnd) {}

    /** True when the CUDA expansion kernel is built and a GPU is present ({@link Kernels#cudaAvailable()}). */
    public static boolean deviceExpansionAvailable() {
        return Kernels.cudaAvailable();
    }

    /**
     * {@link #expand} on the GPU: every pointer is memory of CUDA device {@code device}, and the kernel is enqueued
     * on that device's default stream, the stream LibTorch uses unless told otherwise, so the tensors' next
     * operations see its output. {@code rows} are checked here against {@code masks}, and {@code outLength} against
     * {@code lengths} ({@link #lengths} of these masks); {@code rowIndex} must be the device copy of {@code rows}
     * (int32) and {@code source} the device copy of this input and these masks. Every pointer must carry the size
     * of its buffer, as for {@link #expand}. A host pointer here is a CUDA error that LibTorch's later calls also
     * see: the caller (the model runtime) owns that guarantee.
     */
    public static void expandOnDevice(MaskedInput input, MaskBatch masks, int[] lengths, DeviceSource source,
            int[] rows, Pointer rowIndex, int outLength, Pointer ids, Pointer attention, Pointer positions,
            int device) {
        checkRows(input, masks, rows);
        if (outLength < 0) {
            throw new IllegalArgumentException("outLength must be >= 0, got " + outLength);
        }
        if (lengths == null || lengths.length != masks.rows()) {
            throw new IllegalArgumentException("lengths must hold one length per mask row");
        }
        for (int r : rows) {
            if (lengths[r] > outLength) {
                throw new IllegalArgumentException("masked row " + r + " has " + lengths[r] + " tokens, more than "
                        + "outLength = " + outLength);
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("the device source must not be null");
        }
        long need = (long) rows.length * outLength;
        requireCapacity(source.masks(), (long) masks.rows() * masks.wordsPerRow(), Long.BYTES, "the device masks");
        requireCapacity(source.ids(), input.tokens(), Long.BYTES, "the device token ids");
        requireCapacity(source.featureStart(), input.n(), Integer.BYTES, "the device feature starts");
        requireCapacity(source.featureEnd(), input.n(), Integer.BYTES, "the device feature ends");
        requireCapacity(rowIndex, rows.length, Integer.BYTES, "the device row index");
        for (Pointer p : new Pointer[] {ids, attention, positions}) {
            requireCapacity(p, need, Long.BYTES, "every device output buffer");
        }
        int status = CudaNative.spex_cuda_expand_masks_device(source.masks(), masks.wordsPerRow(), rowIndex,
                rows.length, source.ids(), input.tokens(), source.featureStart(), source.featureEnd(), input.n(),
                input.replaceId(), input.mode().ordinal(), input.padId(), outLength, ids, attention, positions,
                device, null);
        if (status != 0) {
            throw new IllegalStateException("the CUDA mask expansion on device " + device + " failed with status "
                    + status);
        }
    }

    /** {@link #check}, and {@code rows} a non-empty list of row indices of {@code masks}. */
    private static void checkRows(MaskedInput input, MaskBatch masks, int[] rows) {
        check(input, masks);
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("no rows to expand");
        }
        for (int r : rows) {
            if (r < 0 || r >= masks.rows()) {
                throw new IllegalArgumentException("row " + r + " is not in 0.." + (masks.rows() - 1));
            }
        }
    }

    private static void check(MaskedInput input, MaskBatch masks) {
        if (input == null || masks == null) {
            throw new IllegalArgumentException("input and masks must not be null");
        }
        if (masks.n() != input.n()) {
            throw new IllegalArgumentException("masks over " + masks.n() + " features for an input of "
                    + input.n() + " features");
        }
    }
}
