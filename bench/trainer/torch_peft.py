"""The peer of the Java trainer's benchmark: the same LoRA training step in PyTorch (CPU, eager) with PEFT.

Same checkpoint, same shapes and the same step as io.datanet.trainer.cli.Bench: LoRA r, alpha 2r, dropout 0.05 on
every projection (GPT-2's c_attn, c_proj, c_fc; Llama's q/k/v/o, gate, up and down), float32, forward + backward of the summed-token cross-entropy, gradient
clipping at 1.0, AdamW on the adapter weights, random tokens. Prints one JSON line.

  torch_peft.py --model DIR --batch B --ctx T --steps N --r R [--threads K]
  torch_peft.py --init-gpt2-small DIR      save a random-init GPT-2 small (124M) with transformers
  torch_peft.py --init-smollm2 DIR         save a random-init Llama of SmolLM2-135M's shapes with transformers
"""
import argparse
import json
import time

import torch


def init_gpt2_small(out):
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(0)
    GPT2LMHeadModel(GPT2Config(activation_function="gelu_new")).save_pretrained(out)


def init_smollm2(out):
    """HuggingFaceTB/SmolLM2-135M's config.json shapes (30 layers, width 576, 9 query and 3 key/value heads, SwiGLU
    1536, vocabulary 49,152, tied head), random weights: the benchmark measures speed, not what the model knows."""
    from transformers import LlamaConfig, LlamaForCausalLM
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192,
                         rope_theta=100000.0, rms_norm_eps=1e-5, tie_word_embeddings=True, bos_token_id=0,
                         eos_token_id=0)
    LlamaForCausalLM(config).save_pretrained(out)


def bench(args):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM
    base = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    gpt2 = base.config.model_type == "gpt2"
    targets = ["c_attn", "c_proj", "c_fc"] if gpt2 else ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                          "up_proj", "down_proj"]
    config = LoraConfig(r=args.r, lora_alpha=2 * args.r, lora_dropout=0.05, fan_in_fan_out=gpt2,
                        target_modules=targets, bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(base, config)
    model.train()
    # B random so the adapters do real work (B = 0 only at initialisation), as the Java benchmark does
    generator = torch.Generator().manual_seed(2)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.copy_(torch.randn(p.shape, generator=generator) * 0.01)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.0)
    vocab = min(256, base.config.vocab_size)
    x = torch.randint(0, vocab, (args.batch, args.ctx), generator=generator)
    y = torch.randint(0, vocab, (args.batch, args.ctx), generator=generator)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        logits = model(input_ids=x).logits
        loss = loss_fn(logits.view(-1, logits.size(-1)), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()

    warm = max(3, args.steps // 4)
    for _ in range(warm):
        step()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    seconds = (time.perf_counter() - t0) / args.steps
    cpu_seconds = (time.process_time() - cpu0) / args.steps
    print(json.dumps({"peer": f"PyTorch {torch.__version__} + PEFT", "threads": torch.get_num_threads(),
                      "tokens_per_s": args.batch * args.ctx / seconds, "ms_per_step": seconds * 1e3,
                      "cpu_ms_per_step": cpu_seconds * 1e3}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--init-gpt2-small")
    p.add_argument("--init-smollm2")
    p.add_argument("--model")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--ctx", type=int, default=128)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--r", type=int, default=8)
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.init_gpt2_small:
        init_gpt2_small(args.init_gpt2_small)
    elif args.init_smollm2:
        init_smollm2(args.init_smollm2)
    else:
        bench(args)


if __name__ == "__main__":
    main()
