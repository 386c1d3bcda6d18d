package io.datanet.trainer.model;

import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;

/**
 * One pre-LayerNorm transformer block: x += attn(ln_1(x)); x += mlp(ln_2(x)).
 * The four projections are swappable so LoRA/QLoRA can wrap or replace them.
 */
public final class Block {
    public final Param ln1W, ln1B, ln2W, ln2B;
    public Linear cAttn, attnProj, cFc, mlpProj;

    Block(Param ln1W, Param ln1B, Linear cAttn, Linear attnProj, Param ln2W, Param ln2B, Linear cFc, Linear mlpProj) {
        this.ln1W = ln1W;
        this.ln1B = ln1B;
        this.cAttn = cAttn;
        this.attnProj = attnProj;
        this.ln2W = ln2W;
        this.ln2B = ln2B;
        this.cFc = cFc;
        this.mlpProj = mlpProj;
    }

    /** Module name (as in Hugging Face / PEFT target_modules) → projection. */
    public Linear get(String module) {
        return switch (module) {
            case "attn.c_attn" -> cAttn;
            case "attn.c_proj" -> attnProj;
            case "mlp.c_fc" -> cFc;
            case "mlp.c_proj" -> mlpProj;
            default -> throw new IllegalArgumentException("unknown module " + module);
        };
    }

    public void set(String module, Linear l) {
        switch (module) {
            case "attn.c_attn" -> cAttn = l;
            case "attn.c_proj" -> attnProj = l;
            case "mlp.c_fc" -> cFc = l;
            case "mlp.c_proj" -> mlpProj = l;
            default -> throw new IllegalArgumentException("unknown module " + module);
        }
    }

    public static final String[] MODULES = {"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"};
}
