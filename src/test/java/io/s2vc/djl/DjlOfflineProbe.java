package io.s2vc.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Run in a fresh JVM by {@link DjlOfflineTest}: loads the PyTorch engine and computes once. */
public final class DjlOfflineProbe {
    private DjlOfflineProbe() {
    }

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            float trace = a.matMul(a).get(0, 0).getFloat() + a.matMul(a).get(1, 1).getFloat();
            System.out.println("engine=" + engine.getEngineName() + " version=" + engine.getVersion() + " trace=" + trace);
        }
    }
}
