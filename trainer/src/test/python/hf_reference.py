"""What Hugging Face's libraries make of the Java trainer's files: the reference side of HuggingFaceInteropTest.

Each subcommand reads files the Java test wrote, runs transformers / PEFT / tokenizers on them the way a user
would, and writes what they produced (logits and weights as safetensors, token ids as JSON) for the Java test to
compare. Everything runs in float32 on the CPU. Reports (warnings, missing keys) are printed as one JSON object.

  init      --out DIR --n-layer L --n-head H --n-embd C --n-positions P --vocab-size V --seed S
  init-llama --out DIR --config JSON --seed S [--max-shard-size SIZE]
  grads     --model DIR --tokens FILE --out FILE
  logits    --model DIR --tokens FILE --out FILE [--adapter DIR] [--merged-out DIR]
  tokenize  --vocab encoder.json --merges vocab.bpe --lines FILE --out FILE
  generate  --model DIR --tokens FILE --max-new-tokens N --eos ID --out FILE [--adapter DIR]
  hf-tokenizer --style STYLE --vocab-size N --train FILE --lines FILE --save DIR --out FILE
"""
import argparse
import json
import logging
import sys
import warnings

import torch
from safetensors import safe_open
from safetensors.torch import save_file


class CollectWarnings(logging.Handler):
    """Every warning transformers, PEFT or Python itself emits while loading, so the test can demand none."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.name}: {record.getMessage()}")

    def __enter__(self):
        self.loggers = [logging.getLogger(n) for n in ("transformers", "peft")]
        for logger in self.loggers:
            logger.addHandler(self)
        self.caught = warnings.catch_warnings(record=True)
        self.python_warnings = self.caught.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self.caught.__exit__(*exc)
        for logger in self.loggers:
            logger.removeHandler(self)
        self.messages += [f"{w.category.__name__}: {w.message}" for w in self.python_warnings]
        return False


def init(args):
    """A random-init GPT-2 saved by transformers, its LayerNorms and biases perturbed so none is a trivial 1 or 0."""
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(args.seed)
    config = GPT2Config(n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd, n_positions=args.n_positions,
                        vocab_size=args.vocab_size, bos_token_id=args.vocab_size - 1,
                        eos_token_id=args.vocab_size - 1, activation_function="gelu_new")
    model = GPT2LMHeadModel(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias") or ".ln_" in name:
                p.add_(torch.randn_like(p) * 0.1)
    model.save_pretrained(args.out)
    print(json.dumps({"parameters": sum(p.numel() for p in model.parameters())}))


def init_llama(args):
    """A random-init Llama-architecture model (LlamaForCausalLM, or Qwen2ForCausalLM with its biased q/k/v) saved by
    transformers in float32, its norms and biases perturbed so none is a trivial 1 or 0."""
    from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM
    torch.manual_seed(args.seed)
    spec = json.loads(args.config)
    config_class, model_class = (Qwen2Config, Qwen2ForCausalLM) if spec.get("model_type") == "qwen2" \
        else (LlamaConfig, LlamaForCausalLM)
    spec.pop("model_type", None)
    # saved in this dtype (as released checkpoints are, in bfloat16 mostly); made and perturbed in float32
    save_dtype = spec.pop("save_dtype", None)
    model = model_class(config_class(**spec)).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias") or name.endswith("norm.weight"):
                p.add_(torch.randn_like(p) * 0.1)
    if save_dtype:
        model = model.to(getattr(torch, save_dtype))
    model.save_pretrained(args.out, max_shard_size=args.max_shard_size)
    print(json.dumps({"parameters": model.num_parameters(), "class": type(model).__name__}))


def logits(args):
    from transformers import AutoModelForCausalLM
    tokens = torch.tensor(json.load(open(args.tokens)), dtype=torch.long)
    report = {}
    with CollectWarnings() as caught:
        model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
        if args.adapter:
            from peft import PeftModel
            from peft.utils import get_peft_model_state_dict
            model = PeftModel.from_pretrained(model, args.adapter)
            # Keys the adapter file holds against the keys the PEFT model expects, both as PEFT saves them.
            with safe_open(f"{args.adapter}/adapter_model.safetensors", "pt") as f:
                stored = set(f.keys())
            expected = set(get_peft_model_state_dict(model).keys())
            report["missing_keys"] = sorted(expected - stored)
            report["unexpected_keys"] = sorted(stored - expected)
    report["warnings"] = caught.messages
    report["model_dtype"] = str(next(model.parameters()).dtype)
    model.eval()
    out = {}
    with torch.no_grad():
        out["logits"] = model(tokens).logits.contiguous()
        if args.merged_out:
            merged = model.merge_and_unload()
            merged.save_pretrained(args.merged_out)
            out["merged_logits"] = merged(tokens).logits.contiguous()
    save_file(out, args.out)
    print(json.dumps(report))


def grads(args):
    """The logits, the mean next-token loss of the tokens (labels = the tokens, shifted inside the model as in
    training) and every parameter's gradient, by name (a tied head once, as its embedding)."""
    from transformers import AutoModelForCausalLM
    tokens = torch.tensor(json.load(open(args.tokens)), dtype=torch.long)
    with CollectWarnings() as caught:
        model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    model.eval()  # no dropout; gradients flow as in training
    output = model(tokens, labels=tokens)
    output.loss.backward()
    out = {name: p.grad.contiguous() for name, p in model.named_parameters()}
    out["logits"] = output.logits.detach().contiguous()
    out["loss"] = output.loss.detach().reshape(1)
    save_file(out, args.out)
    print(json.dumps({"loss": output.loss.item(), "warnings": caught.messages,
                      "model_dtype": str(next(model.parameters()).dtype)}))


def generate(args):
    """Greedy decoding (do_sample=False) after each row of tokens, stopping at --eos: the new tokens of each row,
    the eos left out."""
    from transformers import AutoModelForCausalLM
    with CollectWarnings() as caught:
        model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
        if args.adapter:
            from peft import PeftModel
            model = PeftModel.from_pretrained(model, args.adapter)
    model.eval()
    rows = []
    with torch.no_grad():
        for row in json.load(open(args.tokens)):
            prompt = torch.tensor([row], dtype=torch.long)
            out = model.generate(input_ids=prompt, attention_mask=torch.ones_like(prompt), do_sample=False,
                                 max_new_tokens=args.max_new_tokens, eos_token_id=args.eos, pad_token_id=args.eos)
            new = out[0, len(row):].tolist()
            rows.append(new[:new.index(args.eos)] if args.eos in new else new)
    json.dump(rows, open(args.out, "w"))
    print(json.dumps({"warnings": caught.messages}))


def tokenize(args):
    """GPT-2's tokenizer as users load it: from_pretrained on a folder holding vocab.json and merges.txt."""
    import os
    import shutil
    import tempfile
    from transformers import AutoTokenizer
    folder = tempfile.mkdtemp()
    try:
        shutil.copy(args.vocab, os.path.join(folder, "vocab.json"))
        shutil.copy(args.merges, os.path.join(folder, "merges.txt"))
        json.dump({"model_type": "gpt2"}, open(os.path.join(folder, "config.json"), "w"))
        tokenizer = AutoTokenizer.from_pretrained(folder)
    finally:
        shutil.rmtree(folder)
    lines = json.load(open(args.lines, encoding="utf-8"))
    ids = [tokenizer.encode(line) for line in lines]
    json.dump(ids, open(args.out, "w"))
    print(json.dumps({"tokenizer": type(tokenizer).__name__, "vocab_size": len(tokenizer),
                      "backend": type(tokenizer.backend_tokenizer).__module__}))


# The pre-tokenization regexes of Llama 3's and Qwen2's tokenizer.json (Qwen2's takes digits one by one).
LLAMA3_SPLIT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2_SPLIT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"


def hf_tokenizer(args):
    """A byte-level BPE tokenizer.json trained by the tokenizers library on the given texts, laid out as a model
    family's (gpt2; llama3: Split + ByteLevel without regex, ignore_merges; qwen2: NFC + Split + ByteLevel;
    smollm: Digits + ByteLevel; prefix-space: ByteLevel with add_prefix_space), and its ids for each line (no
    special tokens added, as the trainer encodes documents)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    import os
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tokenizer = Tokenizer(models.BPE(ignore_merges=args.style == "llama3"))
    if args.style == "gpt2":
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    elif args.style == "prefix-space":
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    elif args.style == "llama3":
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Split(Regex(LLAMA3_SPLIT), behavior="isolated"), byte_level])
    elif args.style == "qwen2":
        tokenizer.normalizer = normalizers.NFC()
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated"), byte_level])
    elif args.style == "smollm":
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)])
    else:
        raise SystemExit(f"unknown style {args.style}")
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=args.vocab_size, show_progress=False,
                                  special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(json.load(open(args.train, encoding="utf-8")), trainer)
    os.makedirs(args.save, exist_ok=True)
    tokenizer.save(os.path.join(args.save, "tokenizer.json"))
    json.dump({"eos_token": "<|endoftext|>"}, open(os.path.join(args.save, "tokenizer_config.json"), "w"))
    lines = json.load(open(args.lines, encoding="utf-8"))
    json.dump([tokenizer.encode(line, add_special_tokens=False).ids for line in lines], open(args.out, "w"))
    print(json.dumps({"vocab_size": tokenizer.get_vocab_size(), "style": args.style}))


def chat_template(args):
    """Each template as transformers renders it (apply_chat_template, tokenize=False) for each conversation, with the
    generation prompt when the conversation ends on the user; a template's refusal (raise_exception) or failure is
    recorded as an error. Each tokenizer is saved (save_pretrained) under --save/<name>, in the files transformers
    writes, for Java to read the template from."""
    import os
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast
    conversations = json.load(open(args.conversations, encoding="utf-8"))
    results = {}
    for spec in json.load(open(args.templates, encoding="utf-8")):
        tokenizer = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.BPE()), bos_token=spec["bos"],
                                            eos_token=spec["eos"])
        tokenizer.chat_template = open(spec["file"], encoding="utf-8").read()
        tokenizer.save_pretrained(os.path.join(args.save, spec["name"]))
        rows = []
        for conversation in conversations:
            generation = conversation[-1]["role"] == "user"
            try:
                rows.append({"text": tokenizer.apply_chat_template(conversation, tokenize=False,
                                                                   add_generation_prompt=generation)})
            except Exception as e:  # the template's raise_exception, or a Jinja error
                rows.append({"error": f"{type(e).__name__}: {e}"})
        results[spec["name"]] = rows
    json.dump(results, open(args.out, "w", encoding="utf-8"), ensure_ascii=False)
    print(json.dumps({"templates": len(results), "conversations": len(conversations)}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init")
    p.add_argument("--out", required=True)
    for name in ("--n-layer", "--n-head", "--n-embd", "--n-positions", "--vocab-size", "--seed"):
        p.add_argument(name, type=int, required=True)
    p = sub.add_parser("init-llama")
    p.add_argument("--out", required=True)
    p.add_argument("--config", required=True, help="the config's settings as JSON, with model_type llama or qwen2")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--max-shard-size", default="5GB")
    p = sub.add_parser("logits")
    p.add_argument("--model", required=True)
    p.add_argument("--tokens", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--adapter")
    p.add_argument("--merged-out")
    p = sub.add_parser("grads")
    for name in ("--model", "--tokens", "--out"):
        p.add_argument(name, required=True)
    p = sub.add_parser("tokenize")
    for name in ("--vocab", "--merges", "--lines", "--out"):
        p.add_argument(name, required=True)
    p = sub.add_parser("generate")
    for name in ("--model", "--tokens", "--out"):
        p.add_argument(name, required=True)
    p.add_argument("--max-new-tokens", type=int, required=True)
    p.add_argument("--eos", type=int, required=True)
    p.add_argument("--adapter")
    p = sub.add_parser("hf-tokenizer")
    for name in ("--style", "--train", "--lines", "--save", "--out"):
        p.add_argument(name, required=True)
    p.add_argument("--vocab-size", type=int, required=True)
    p = sub.add_parser("chat-template")
    for name in ("--templates", "--conversations", "--save", "--out"):
        p.add_argument(name, required=True)
    args = parser.parse_args()
    torch.set_num_threads(2)
    {"init": init, "init-llama": init_llama, "logits": logits, "grads": grads, "tokenize": tokenize,
     "hf-tokenizer": hf_tokenizer, "generate": generate,
     "chat-template": chat_template}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
