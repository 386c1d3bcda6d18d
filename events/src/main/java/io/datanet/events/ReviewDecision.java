package io.datanet.events;

public enum ReviewDecision {
    APPROVE, REJECT
}
