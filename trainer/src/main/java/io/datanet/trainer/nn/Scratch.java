package io.datanet.trainer.nn;

/**
 * Per-thread reusable buffers for short-lived temporaries (transposed or dequantised weights), so a forward or
 * backward pass does not allocate. A slot's contents are only valid until the next call for the same slot.
 */
public final class Scratch {
    public static final int WEIGHT = 0;
    public static final int LORA_A = 1;
    public static final int LORA_B = 2;
    public static final int LORA_X = 3;
    public static final int DEQUANT = 4;
    public static final int ACTIVATION = 5;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[6][]);

    private Scratch() {
    }

    public static float[] get(int slot, int size) {
        float[][] slots = BUFFERS.get();
        if (slots[slot] == null || slots[slot].length < size) slots[slot] = new float[size];
        return slots[slot];
    }
}
