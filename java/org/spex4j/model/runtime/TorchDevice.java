package org.spex4j.model.runtime;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.spex4j.kernels.Kernels;

/**
 * Where a model's tensors live: the CPU, or one CUDA device of a LibTorch built with CUDA (the Maven {@code gpu}
 * profile). Models keep their weights on it, move each batch's inputs to it and read results back through
 * {@link Tensors}, which copies to the host first; so the only CUDA-specific code is the choice of device.
 *
 * <p>A place, where {@link Kernels.Device} is a choice: {@link #resolve} turns the run's choice (cpu, cuda, auto)
 * into one, the only conversion between the two; {@link #CPU} and {@link #cuda(int)} name one directly.
 *
 * <p>The LibTorch {@link Device} and {@link TensorOptions} it makes are native objects: call {@link #options} and
 * {@link #on} inside the caller's PointerScope. Immutable and thread-safe.
 */
public final class TorchDevice {
    public static final TorchDevice CPU = new TorchDevice(-1);

    private final int cudaIndex;  // -1 for the CPU

    private TorchDevice(int cudaIndex) {
        this.cudaIndex = cudaIndex;
    }

    /**
     * The device for a {@code --device} choice: CPU; CUDA device 0, or an error saying why there is none; AUTO:
     * CUDA where LibTorch sees a device, else the CPU.
     */
    public static TorchDevice resolve(Kernels.Device choice) {
        switch (choice) {
            case CPU:
                return CPU;
            case CUDA:
                return cuda(0);
            default:
                return cudaAvailable() ? cuda(0) : CPU;
        }
    }

    /** CUDA device {@code index}; IllegalArgumentException when LibTorch has no such device. */
    public static TorchDevice cuda(int index) {
        if (!cudaAvailable()) {
            throw new IllegalArgumentException("--device cuda: " + availability());
        }
        int count = torch.cuda_device_count();
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("CUDA device " + index + " does not exist: LibTorch sees " + count);
        }
        return new TorchDevice(index);
    }

    /** Whether LibTorch sees a GPU here, and why not when it does not: one clause, for messages. */
    public static String availability() {
        if (cudaAvailable()) {
            return "LibTorch sees " + torch.cuda_device_count() + " CUDA device(s); --device auto runs models on "
                    + "cuda:0";
        }
        return "LibTorch sees no CUDA device (models on a GPU need the CUDA build of LibTorch: mvn -Pgpu, with "
                + "CUDA 13 and cuDNN 9 on the host; this run has "
                + (gpuBuild() ? "the CUDA build, but no GPU, no driver, or not all of its CUDA libraries)"
                        : "LibTorch's CPU build)");
    }

    /** True when LibTorch can run on a CUDA device; never throws. */
    public static boolean cudaAvailable() {
        try {
            return torch.cuda_is_available();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** True when the CUDA build of LibTorch is on the class path (whether or not it could load its CUDA part). */
    private static boolean gpuBuild() {
        String natives = "org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu/";
        return TorchDevice.class.getClassLoader().getResource(natives) != null;
    }

    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    /** The CUDA device index; -1 for the CPU. */
    public int cudaIndex() {
        return cudaIndex;
    }

    /** A new LibTorch Device for this place (native: inside a PointerScope). */
    public Device device() {
        return isCuda() ? new Device(torch.DeviceType.CUDA, (byte) cudaIndex) : new Device(torch.DeviceType.CPU);
    }

    /** Options for new tensors of {@code type} on this device. */
    public TensorOptions options(ScalarType type) {
        TensorOptions options = new TensorOptions(type);
        return isCuda() ? options.device(new DeviceOptional(device())) : options;
    }

    /** {@code t} on this device: itself when it is already there, else a copy. */
    public Tensor on(Tensor t) {
        if (isCuda() ? t.is_cuda() && t.device().index() == cudaIndex : t.is_cpu()) {
            return t;
        }
        return t.to(device(), t.scalar_type());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchDevice other && other.cudaIndex == cudaIndex;
    }

    @Override
    public int hashCode() {
        return cudaIndex;
    }

    /** "cpu" or "cuda:N", as LibTorch names it. */
    @Override
    public String toString() {
        return isCuda() ? "cuda:" + cudaIndex : "cpu";
    }
}
