#!/usr/bin/env bash
# What attribution costs beside the training it explains: a small realistic fine-tuning job on the built-in base,
# then TracIn over its checkpoints and DataInf at the last, each as a share of the job's training time.
#   bench/trainer/attribution.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./datanet mvn -B -q -pl trainer test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file"
echo "machine: $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1);" \
     "$(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
java --add-modules jdk.incubator.vector -cp "trainer/target/test-classes:trainer/target/classes:$(cat "$cp_file")" \
    io.datanet.trainer.attribution.AttributionCostBench 2>&1 | grep -v "Using incubator modules"
