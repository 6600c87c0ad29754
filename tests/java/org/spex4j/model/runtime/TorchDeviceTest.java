package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.spex4j.testing.Refusals.assertRefused;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;

/** The device choice for models, on a machine without a CUDA device (GpuModelTest covers one with a GPU). */
class TorchDeviceTest {
    @Test
    void cpuAndAutoWithoutAGpu() {
        assumeFalse(TorchDevice.cudaAvailable(), "a CUDA device is present: GpuModelTest covers it");
        assertSame(TorchDevice.CPU, TorchDevice.resolve(Kernels.Device.CPU));
        assertSame(TorchDevice.CPU, TorchDevice.resolve(Kernels.Device.AUTO));
        assertEquals("cpu", TorchDevice.CPU.toString());
    }

    @Test
    void cudaWithoutAGpuIsAClearErrorBeforeAnythingLoads() {
        assumeFalse(TorchDevice.cudaAvailable(), "a CUDA device is present: GpuModelTest covers it");
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class,
                () -> TorchDevice.resolve(Kernels.Device.CUDA), "LibTorch sees no CUDA device", "-Pgpu");
        e = assertRefused(IllegalArgumentException.class, () -> Models.load("minilm", Kernels.Device.CUDA),
                "--device cuda: LibTorch sees no CUDA device");
        assertTrue(e.getMessage().startsWith("--device cuda"), e.getMessage());
    }

    @Test
    void cpuTensorsStayPutAndReadBack() {
        try (PointerScope scope = new PointerScope()) {
            Tensor t = Tensors.fromFloats(new float[] {1.5f, -2f, 3f, 0.25f}, 2, 2);
            assertSame(t, TorchDevice.CPU.on(t));
            assertArrayEquals(new double[] {1.5, -2, 3, 0.25}, Tensors.toDoubles(t), 0);
            Tensor ints = Tensors.fromInts(TorchDevice.CPU, new int[] {7, -1, 9}, 3);
            assertArrayEquals(new long[] {7, -1, 9}, Tensors.toLongs(ints));
            assertRefused(IllegalArgumentException.class, () -> Tensors.fromInts(TorchDevice.CPU, new int[] {1}, 2),
                    "a tensor of shape [2] holds 2 values, got 1");
        }
    }
}
