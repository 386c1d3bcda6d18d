package io.datanet.platform.api;

import io.datanet.platform.problem.ProblemException;

/**
 * The {@code page} (from 0) and {@code size} (1..100, default 20) query parameters every list endpoint takes; a page
 * so far that its first item's offset would not fit an int is refused too (it would wrap around to a negative one).
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ProblemException.badRequest("page must be >= 0").with("parameter", "page");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ProblemException.badRequest("size must be between 1 and " + MAX_SIZE).with("parameter", "size");
        }
        if ((long) p * s > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("page must be at most " + Integer.MAX_VALUE / s + " with size " + s)
                    .with("parameter", "page");
        }
        return new PageRequest(p, s);
    }

    public int offset() {
        return page * size;
    }
}
