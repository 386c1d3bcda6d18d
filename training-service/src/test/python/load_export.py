"""Loads a downloaded export with Hugging Face `datasets`, as its owner would, and prints what it found.

    python load_export.py <folder>

Prints JSON: {"configs": {name: {"rows": n, "columns": [...], "data": [row, ...]}}, "default": name}. Offline: the
export's README.md names its configs and data files, so nothing is fetched.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="hf-home-"))

import datasets  # noqa: E402  (after the environment that keeps it offline)

folder = sys.argv[1]
datasets.disable_progress_bars()
out = {"configs": {}}
for name in datasets.get_dataset_config_names(folder):
    data = datasets.load_dataset(folder, name, split="train", cache_dir=os.path.join(os.environ["HF_HOME"], "cache"))
    out["configs"][name] = {"rows": data.num_rows, "columns": data.column_names, "data": data.to_list()}
out["default"] = datasets.load_dataset_builder(folder).config.name
print(json.dumps(out))
