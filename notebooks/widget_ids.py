"""Give executed notebooks' widget models deterministic ids: ``python widget_ids.py NOTEBOOK...``.

ipywidgets names every widget model by a random UUID, so re-executing a notebook
rewrote every id in its outputs and saved widget state although nothing else
changed. ``make notebooks`` runs this after executing them: ids are numbered in
the order the cell outputs, then the models they refer to, first name them
(models no output reaches follow, ordered by their content), so a notebook's
file changes only where its output does. Two more things that say only when
and where it ran are dropped the same way: the kernel's process id in the file
names warnings print, and the elapsed time and rate on a finished progress bar.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
_ID = re.compile(r"[0-9a-f]{32}")
_RUN = ((re.compile(r"/tmp/ipykernel_\d+/"), "/tmp/ipykernel/"),
        (re.compile(r"\[\d+:\d+(?::\d+)?(?:<|&lt;)\d+:\d+(?::\d+)?,\s*[\d.]+\s?(?:s/\w+|\w+/s)"),
         "[time and rate not kept"))  # tqdm: 3.66step/s, or 1.23s/step when slow


def normalise(nb: dict) -> dict:
    """The notebook (a JSON dict) with its widget model ids renumbered ``00..01``, ``00..02``, ...

    and the kernel's process id and progress-bar timings replaced by fixed text.
    """
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})
    order: list[str] = []

    def visit(model_id):
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in _REF.findall(json.dumps(state[model_id], sort_keys=True)):
                visit(ref)

    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(VIEW)
            if view:
                visit(view.get("model_id"))
    for model_id in sorted(set(state) - set(order),
                           key=lambda i: _REF.sub("IPY_MODEL_", json.dumps(state[i], sort_keys=True))):
        visit(model_id)
    new = {old: f"{k + 1:032x}" for k, old in enumerate(order)}
    text = _ID.sub(lambda m: new.get(m.group(0), m.group(0)), json.dumps(nb, ensure_ascii=False))
    for pattern, fixed in _RUN:
        text = pattern.sub(fixed, text)
    out = json.loads(text)
    if state:
        saved = out["metadata"]["widgets"][STATE]
        saved["state"] = dict(sorted(saved["state"].items()))
    return out


def main(paths) -> None:
    for path in map(Path, paths):
        nb = normalise(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(nbformat.writes(nbformat.from_dict(nb)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
