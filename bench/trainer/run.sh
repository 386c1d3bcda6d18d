#!/usr/bin/env bash
# Trainer benchmark, side by side with its peer: the Java trainer's LoRA (and QLoRA) training step against the same
# step in PyTorch (CPU, eager) + PEFT, same checkpoint, same shapes, in one run, for the built-in model and for
# GPT-2 small's and SmolLM2-135M's shapes (random-init models saved by transformers). Prints a table with the ratio.
#   bench/trainer/run.sh [--steps 20] [--models builtin,gpt2-small,smollm2]
#   bench/trainer/run.sh --java-only [Bench's options: --model builtin:sotu-byte-4x192|DIR --batch 8 --ctx 128 ...]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$repo/deploy/local/lib.sh"
cd "$repo"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./datanet mvn -B -q -pl trainer compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cp_file"
java_bench() {
  java --add-modules jdk.incubator.vector -cp "$repo/trainer/target/classes:$(cat "$cp_file")" \
      io.datanet.trainer.cli.Bench "$@" 2>&1 | grep -v "Using incubator modules"
}
if [[ "${1:-}" == "--java-only" ]]; then shift; java_bench "$@"; exit; fi

steps=20 models=builtin,gpt2-small,smollm2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    *) die "usage: bench/trainer/run.sh [--steps N] [--models builtin,gpt2-small,smollm2] | --java-only [Bench options]" ;;
  esac
done
python="$(deploy/local/python-env.sh)"
small="$DATANET_STATE/bench/gpt2-small"
if [[ ",$models," == *",gpt2-small,"* && ! -f "$small/model.safetensors" ]]; then
  log "saving a random-init GPT-2 small with transformers into $small"
  "$python" bench/trainer/torch_peft.py --init-gpt2-small "$small" 2>/dev/null
fi
smol="$DATANET_STATE/bench/smollm2-135m"
if [[ ",$models," == *",smollm2,"* && ! -f "$smol/model.safetensors" ]]; then
  log "saving a random-init Llama of SmolLM2-135M's shapes with transformers into $smol"
  "$python" bench/trainer/torch_peft.py --init-smollm2 "$smol" 2>/dev/null
fi

echo "machine: $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1);" \
     "$(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for m in ${models//,/ }; do
  case "$m" in
    builtin) java_model=builtin:sotu-byte-4x192 dir=trainer/src/main/resources/models/sotu-byte-4x192 batch=8 n=$steps ;;
    gpt2-small) java_model="$small" dir="$small" batch=4 n=$(( (steps + 1) / 2 )) ;;
    smollm2) java_model="$smol" dir="$smol" batch=4 n=$(( (steps + 1) / 2 )) ;;
    *) die "unknown model $m (builtin, gpt2-small, smollm2)" ;;
  esac
  echo "== $m: batch $batch × 128, LoRA r=8 on every projection, dropout 0.05, fp32, AdamW, clip 1.0, $n steps"
  java_out="$(java_bench --model "$java_model" --batch "$batch" --ctx 128 --steps "$n" --r 8 \
      --methods lora,qlora --peak "$([[ $m == builtin ]] && echo true || echo false)")"
  echo "$java_out"
  java_json="$(tail -n 1 <<<"$java_out")"
  peer_json="$("$python" bench/trainer/torch_peft.py --model "$dir" --batch "$batch" --ctx 128 --steps "$n" --r 8 \
      2>/dev/null | tail -n 1)"
  echo "peer: $peer_json"
  rows+=("$("$python" - "$m" "$java_json" "$peer_json" <<'EOF'
import json, sys
name, java, peer = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
j, p = java["lora_tokens_per_s"], peer["tokens_per_s"]
q = java.get("qlora_tokens_per_s")
cpu = peer["cpu_ms_per_step"] / java["lora_cpu_ms_per_step"]
print(f"| {name} | {j:,.0f} | {q:,.0f} | {p:,.0f} | **{j / p:.2f}×** | {cpu:.2f}× |")
EOF
)")
done
echo
echo "| model | Datanet LoRA tokens/s | Datanet QLoRA tokens/s | PyTorch + PEFT LoRA tokens/s | LoRA ratio | ratio of CPU time per step |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
