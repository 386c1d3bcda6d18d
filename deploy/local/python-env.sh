#!/usr/bin/env bash
# The Python environment the trainer's interop tests and bench/trainer hold the Java trainer against (PyTorch (CPU),
# transformers, PEFT, safetensors and tokenizers), and training-service's export test loads exports with (Hugging
# Face datasets), installed offline from the wheels this machine image keeps on local disk into a git-ignored
# virtual environment. Never part of the product's runtime.
#
#   deploy/local/python-env.sh          make the environment if needed; print its python's path
#   deploy/local/python-env.sh --check  exit 0 if it is made, 1 if not
#
# The pinned versions are the ones the machine's wheel folders hold (DATANET_WHEELS: colon-separated folders to
# search instead). transformers 4.57 needs an older huggingface_hub than the one on disk, hence 5.x.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

VENV="$DATANET_STATE/python"
PACKAGES=(torch==2.13.0+cpu transformers==5.18.0 peft==0.21.0 safetensors tokenizers numpy datasets==5.0.1)
# Written last, so an interrupted install is made again rather than taken for a finished one.
STAMP="$VENV/.datanet-packages"

made() { [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "${PACKAGES[*]}" ]]; }

if [[ "${1:-}" == "--check" ]]; then made; exit $?; fi

# One maker at a time: `./datanet test` starts making it in the background while Maven builds, and a test that
# needs it meanwhile waits here for that install instead of wiping it and starting another.
exec 9>"$DATANET_STATE/python-env.lock"
flock 9
if ! made; then
  IFS=: read -r -a folders <<<"${DATANET_WHEELS:-/opt/wheels:/opt/pypi/files:/opt/pypi-more/files}"
  links=()
  for f in "${folders[@]}"; do [[ -d "$f" ]] && links+=(--find-links "$f"); done
  (( ${#links[@]} > 0 )) || die "no wheel folder found (looked in ${folders[*]}; set DATANET_WHEELS)"
  command -v python3 >/dev/null || die "python3 is required for the trainer's interop tests"
  log "making the interop Python environment in $VENV (offline, from ${folders[*]})"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --no-index --disable-pip-version-check "${links[@]}" "${PACKAGES[@]}" \
      >"$DATANET_STATE/logs/python-env.log" 2>&1 \
    || { tail -n 20 "$DATANET_STATE/logs/python-env.log" >&2; rm -rf "$VENV"; die "could not install ${PACKAGES[*]}"; }
  echo "${PACKAGES[*]}" >"$STAMP"
fi
echo "$VENV/bin/python"
