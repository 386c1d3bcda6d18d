"""The reference side of LlamaOpsInteropTest: transformers' own Llama building blocks on the inputs the Java test
wrote, in float32 on the CPU: LlamaRMSNorm, LlamaRotaryEmbedding with apply_rotary_pos_emb (default and Llama 3
rope types), and the MLP's act_fn(gate) * up with hidden_act "silu".

  python llama_ops_reference.py IN.json OUT.json

IN.json: {"rows", "hidden", "eps", "x", "w", "batch", "positions", "heads", "head_dim", "rope": [{"rope_theta", ...}],
"q", "gate", "up"} (flat float lists). OUT.json: {"rmsnorm", "rope": [...], "swiglu"} (flat float lists).
"""
import json
import sys

import torch
from transformers import LlamaConfig
from transformers.activations import ACT2FN
from transformers.models.llama.modeling_llama import LlamaRMSNorm, LlamaRotaryEmbedding, apply_rotary_pos_emb


def tensor(values, *shape):
    return torch.tensor(values, dtype=torch.float32).reshape(*shape)


def main():
    spec = json.load(open(sys.argv[1]))
    out = {}
    with torch.no_grad():
        norm = LlamaRMSNorm(spec["hidden"], eps=spec["eps"])
        norm.weight.copy_(tensor(spec["w"], spec["hidden"]))
        out["rmsnorm"] = norm(tensor(spec["x"], spec["rows"], spec["hidden"])).flatten().tolist()

        b, t, h, d = spec["batch"], spec["positions"], spec["heads"], spec["head_dim"]
        q = tensor(spec["q"], b, t, h, d).transpose(1, 2)  # the Java layout [B,T,H,D] as transformers' [B,H,T,D]
        positions = torch.arange(t).unsqueeze(0).expand(b, t)
        out["rope"] = []
        for rope in spec["rope"]:
            config = LlamaConfig(hidden_size=h * d, num_attention_heads=h, head_dim=d, max_position_embeddings=t,
                                 rope_parameters=rope)
            cos, sin = LlamaRotaryEmbedding(config)(q, positions)
            rotated, _ = apply_rotary_pos_emb(q, q, cos, sin)
            out["rope"].append(rotated.transpose(1, 2).flatten().tolist())

        gate, up = tensor(spec["gate"], -1), tensor(spec["up"], -1)
        out["swiglu"] = (ACT2FN["silu"](gate) * up).tolist()
    json.dump(out, open(sys.argv[2], "w"))
    print(json.dumps({"torch": torch.__version__}))


if __name__ == "__main__":
    main()
