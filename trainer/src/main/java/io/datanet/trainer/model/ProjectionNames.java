package io.datanet.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model names its projections: {@code <prefix><layer>.<module>}, e.g. {@code h.0.attn.c_attn} (GPT-2) or
 * {@code model.layers.0.self_attn.q_proj} (Llama), the names PEFT's target_modules match by suffix.
 */
record ProjectionNames(String prefix, int layers, List<String> modules) {

    List<String> all() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) for (String m : modules) names.add(prefix + l + "." + m);
        return names;
    }

    /** The layer a name is in. */
    int layer(String name) {
        String rest = rest(name);
        int layer = Integer.parseInt(rest.substring(0, rest.indexOf('.')));
        if (layer < 0 || layer >= layers) throw new IllegalArgumentException("not a projection: " + name);
        return layer;
    }

    /** The module a name is of, within its layer ("attn.c_attn", "self_attn.q_proj"). */
    String module(String name) {
        String rest = rest(name);
        return rest.substring(rest.indexOf('.') + 1);
    }

    private String rest(String name) {
        if (!name.startsWith(prefix) || name.indexOf('.', prefix.length()) < 0) {
            throw new IllegalArgumentException("not a projection: " + name);
        }
        return name.substring(prefix.length());
    }
}
