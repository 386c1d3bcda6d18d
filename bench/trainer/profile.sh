#!/usr/bin/env bash
# Where a LoRA training step's time goes: runs the Java benchmark's LoRA steps under Java Flight Recorder (after a
# warm-up, so the JIT's early code is not counted) and prints the share of CPU samples by part of the step.
#   bench/trainer/profile.sh [--model builtin:sotu-byte-4x192|DIR] [--batch 8] [--ctx 128] [--steps 80]
# JFR samples Java frames only: time inside native calls (JDK 17's Math.tanh, say) is missed, so compare
# wall-clock figures from bench/trainer/run.sh too.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./datanet mvn -B -q -pl trainer compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/cp"
args=(--methods lora --peak false --steps 80 "$@")
java --add-modules jdk.incubator.vector -XX:StartFlightRecording=filename="$work/step.jfr",settings=profile,delay=8s \
    -cp "trainer/target/classes:$(cat "$work/cp")" io.datanet.trainer.cli.Bench "${args[@]}" 2>&1 \
    | grep -E "^model|LoRA \(" || true
jfr print --stack-depth 64 --events jdk.ExecutionSample "$work/step.jfr" > "$work/samples.txt"
python3 - "$work/samples.txt" <<'EOF'
import collections, re, sys
# First matching rule wins; a sample is charged to the innermost Datanet frame's part of the step.
PARTS = [
    ("matmul kernel", r"VectorKernel\.(block|pass|rows)|ScalarKernel|MatMul\.nn|MatMul\.tn"),
    ("LoRA narrow products (skinny)", r"VectorKernel\.skinny"),
    ("transposes", r"MatMul\.(lambda\$transpose|transpose)"),
    ("softmax and exp (attention, cross-entropy)", r"VectorKernel\.(exp|max)|Exp\.|CrossEntropy"),
    ("attention (gather, scatter, softmax loops)", r"Attention"),
    ("GELU", r"Gelu"),
    ("LayerNorm", r"LayerNorm"),
    ("LoRA dropout masks", r"LoraLinear\.(lambda|drawMask)"),
    ("NF4 dequantisation", r"Nf4"),
    ("bias, residual, zeroing", r"addBias|Residual|Arrays\.fill"),
    ("optimizer and clipping", r"AdamW"),
]
counts, total = collections.Counter(), 0
for event in open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]:
    m = re.search(r"stackTrace = \[\s*\n(.*?)\n\s*\]", event, re.S)
    if not m:
        continue
    frames = [f.strip() for f in m.group(1).split("\n")]
    total += 1
    ours = [f for f in frames if f.startswith("io.datanet") or f.startswith("java.util.Arrays.fill")]
    top = frames[0]
    frame = top if top.startswith("io.datanet") or "Arrays.fill" in top else (ours[0] if ours else top)
    part = next((name for name, rule in PARTS if re.search(rule, frame)), "other")
    counts[part] += 1
print(f"{total} samples")
print("| part of the step | share of samples |")
print("|---|---|")
for part, n in counts.most_common():
    print(f"| {part} | {100 * n / total:.1f}% |")
EOF
