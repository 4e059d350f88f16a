package io.s2vc.config;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The setting {@code device}: where models run. */
public enum DeviceChoice {
    /** A GPU when DJL's engine sees one, the CPU otherwise. */
    AUTO,
    CPU,
    /** The first GPU; refused when the engine sees none. */
    GPU;

    /** The DJL device, resolved where the model runs (a TaskManager may see other devices than the client). */
    public Device resolve() {
        switch (this) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new ConfigException("device is gpu, but the engine sees no GPU (use auto or cpu)");
                }
                return Device.gpu();
            default:
                return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
    }
}
