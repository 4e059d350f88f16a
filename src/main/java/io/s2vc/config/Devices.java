package io.s2vc.config;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The DJL device of the configuration key {@value #KEY}: {@code cpu}, {@code gpu} (the first GPU), or
 * {@code auto}, a GPU when the engine sees one and the CPU otherwise.
 */
public final class Devices {
    public static final String KEY = "device";

    private Devices() {
    }

    public static Device fromConfig(Config config) {
        return resolve(config.getChoice(KEY, "auto", "cpu", "gpu"));
    }

    /** @param choice auto, cpu or gpu */
    public static Device resolve(String choice) {
        switch (choice) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new ConfigException(KEY + " is gpu, but the engine sees no GPU (use auto or cpu)");
                }
                return Device.gpu();
            case "auto":
                return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new ConfigException(KEY + " must be one of auto, cpu, gpu, got '" + choice + "'");
        }
    }
}
