#!/usr/bin/env python3
"""Regenerates src/Prompts/Data/nfkc-fold.tsv: every code point whose NFKC form differs from itself, and that form.

Usage: tools/build-nfkc-fold.py

The worker runs with InvariantGlobalization, where string.Normalize leaves non-ASCII text unchanged, so
UntrustedText folds compatibility characters (full-width <, |, >, letters, ...) with this table instead.
Each line is "code point<TAB>mapped code points", in hex; every mapped code point is its own NFKC form, so
one lookup per code point is final (the script checks it).
"""
import os, sys, unicodedata

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(repo, "src", "Prompts", "Data", "nfkc-fold.tsv")

rows = []
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    folded = unicodedata.normalize("NFKC", chr(cp))
    if folded == chr(cp):
        continue
    for c in folded:
        if unicodedata.normalize("NFKC", c) != c:
            sys.exit(f"U+{cp:04X} folds to U+{ord(c):04X}, which folds again")
    rows.append(f"{cp:04X}\t{' '.join(f'{ord(c):04X}' for c in folded)}\n")

with open(out, "w", encoding="ascii", newline="\n") as f:
    f.write(f"# NFKC of single code points, Unicode {unicodedata.unidata_version}; regenerate with tools/build-nfkc-fold.py\n")
    f.writelines(rows)
print(f"{len(rows)} code points -> {out}")
