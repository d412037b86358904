#!/usr/bin/env python3
"""Regenerates src/Prompts/Data/attack-moves.tsv: ATT&CK ids newer than the knowledge base -> the id it knows.

Usage: tools/build-attack-moves.py [path/to/shared/data]   (default: ../shared/data next to the repository)

Input: sigma/attack-v19-moves.csv, which counts, over the rules SigmaHQ re-tagged for ATT&CK v19, which v18.1 ids
each new v19 id replaced. One v19 id can come from several v18.1 ids; we keep the one most rules moved from (a tie
goes to the v18.1 id most rules moved from over the whole table, then to the lower id). Only technique rows carry
over; tactic tags do not feed detection (a technique's tactics come from the knowledge base).
"""
import csv, os, sys
from collections import defaultdict

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data")
out = os.path.join(repo, "src", "Prompts", "Data", "attack-moves.tsv")

by_new = defaultdict(dict)
overall = defaultdict(int)
with open(os.path.join(data, "sigma", "attack-v19-moves.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if row["kind"] != "technique":
            continue
        count = int(row["rules_retagged"])
        by_new[row["v19"]][row["v18_1"]] = count
        overall[row["v18_1"]] += count

def key(t):
    return tuple(int(p) for p in t[1:].split("."))

with open(out, "w", newline="\n") as f:
    f.write("# version: from=19 to=18.1\n")
    f.write("# new_id\tknown_id\trules_moved\trules_moved_from_others\n")
    for new in sorted(by_new, key=key):
        counts = by_new[new]
        known = sorted(counts, key=lambda old: (-counts[old], -overall[old], key(old)))[0]
        others = sum(c for old, c in counts.items() if old != known)
        f.write(f"{new}\t{known}\t{counts[known]}\t{others}\n")
print(f"wrote {out}")
