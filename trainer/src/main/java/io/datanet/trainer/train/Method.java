package io.datanet.trainer.train;

/** LORA: float32 frozen base + adapters. QLORA: NF4 frozen base (dequantised on the fly) + adapters. */
public enum Method {
    LORA, QLORA
}
