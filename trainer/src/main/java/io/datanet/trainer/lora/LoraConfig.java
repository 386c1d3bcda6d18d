package io.datanet.trainer.lora;

import java.util.List;

/**
 * LoRA hyper-parameters. {@code targetModules} use PEFT's matching: a projection is adapted when its module name
 * (e.g. "h.3.attn.c_proj") equals a target or ends with "." + target, so "c_proj" adapts both attn.c_proj and
 * mlp.c_proj, while "attn.c_proj" only the first.
 */
public record LoraConfig(int r, float alpha, float dropout, List<String> targetModules) {
    public LoraConfig {
        if (r <= 0) throw new IllegalArgumentException("r must be positive");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
        targetModules = List.copyOf(targetModules);
    }

    public static LoraConfig defaults() {
        return new LoraConfig(8, 16f, 0.05f, List.of("c_attn", "c_proj", "c_fc"));
    }

    /** alpha / r, the factor on B·A. */
    public float scaling() {
        return alpha / r;
    }

    public boolean targets(String moduleName) {
        for (String t : targetModules) if (moduleName.equals(t) || moduleName.endsWith("." + t)) return true;
        return false;
    }
}
