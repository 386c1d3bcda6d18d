package io.datanet.platform.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code page} and {@code size} query parameters of every list endpoint, with their bounds in the OpenAPI
 * document, written once: {@code @BeanParam PageParameters paging}, then {@code paging.request()}.
 */
public class PageParameters {

    @QueryParam("page")
    @Parameter(description = "page number, from 0", schema = @Schema(minimum = "0"))
    public Integer page;

    @QueryParam("size")
    @Parameter(description = "items per page, 20 by default", schema = @Schema(minimum = "1", maximum = "100"))
    public Integer size;

    /** The page asked for, or 400 when it is out of bounds ({@link PageRequest#of}). */
    public PageRequest request() {
        return PageRequest.of(page, size);
    }
}
