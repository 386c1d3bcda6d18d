package io.datanet.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who has the last word on an upload that passed validation. */
public enum ReviewMode {
    /** The validation verdict stands. */
    @JsonProperty("auto") AUTO,
    /** The datanet owner approves each upload that passed validation. */
    @JsonProperty("owner") OWNER
}
