package org.spex4j.cli;

import org.spex4j.kernels.Kernels;
import org.spex4j.model.runtime.NativeThreads;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --threads}, the same on every command that runs kernels or a model (a picocli mixin). */
final class DeviceOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "where models and the SPEX kernels run; auto: a GPU where one is usable (default auto)")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads (0 = all cores)")
    int threads;

    /** The parsed {@code --device}; a bad value is a usage error. */
    Kernels.Device device() {
        try {
            return Kernels.Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }

    /** The parsed {@code --threads}: 0 for all cores, else at least 1. */
    int threads() {
        if (threads < 0) {
            throw new UsageException("--threads must be >= 0 (0 = all cores), got " + threads);
        }
        return threads;
    }

    /** Sets LibTorch's process-wide thread pool to {@code --threads} when given (0 keeps the default). */
    void applyModelThreads() {
        if (threads() > 0) {
            NativeThreads.setTorchThreads(threads());
        }
    }
}
