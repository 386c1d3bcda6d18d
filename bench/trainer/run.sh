#!/usr/bin/env bash
# Trainer benchmark: matmul peak, then LoRA and QLoRA training-step throughput on the built-in base model.
#   bench/trainer/run.sh [--model builtin:sotu-byte-4x192|DIR] [--batch 8] [--ctx 128] [--steps 20] [--r 8]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
(cd "$repo" && ./datanet mvn -B -o -q -pl trainer compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file")
exec java --add-modules jdk.incubator.vector -cp "$repo/trainer/target/classes:$(cat "$cp_file")" \
    io.datanet.trainer.cli.Bench "$@"
