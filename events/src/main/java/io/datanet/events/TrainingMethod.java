package io.datanet.events;

public enum TrainingMethod {
    LORA, QLORA
}
