#!/usr/bin/env python3
"""Regenerates the built-in knowledge tables under src/Prompts/Data from the public reference files.

Usage: tools/build-knowledge.py [path/to/shared/data]   (default: ../shared/data next to the repository)

Reads the ATT&CK technique list, the NIST SP 800-53 rev5 control list and the CTID ATT&CK->800-53 mapping,
and writes three tab-separated tables in this project's own format (see src/Prompts/Knowledge). Only facts
carry over: ids, names, tactics, status and which control mitigates which technique.
"""
import csv, json, os, re, sys
from collections import defaultdict

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data")
out = os.path.join(repo, "src", "Prompts", "Data")

def norm_control(cid):
    m = re.fullmatch(r"\s*([A-Za-z]{2})-0*(\d+)(?:[.(]0*(\d+)\)?)?\s*", cid)
    if not m:
        raise ValueError(cid)
    base = f"{m.group(1).upper()}-{int(m.group(2))}"
    return f"{base}({int(m.group(3))})" if m.group(3) else base

# The technique CSV carries no release number; the mitre/cti commit it was taken from is "ATT&CK v18.1 Enterprise".
ATTACK_VERSION = "18.1"

mapping = json.load(open(os.path.join(data, "ctid-attack-16.1-nist-800-53-rev5.json")))
meta = mapping["metadata"]
# Machine-readable line that ThreatKnowledge reads back (AttackVersion, MappingVersion); the C# importer writes the same.
version_line = f"# version: attack={ATTACK_VERSION} mapping={meta['attack_version']} framework={meta['mapping_framework_version']}\n"

with open(os.path.join(data, "attack-enterprise-techniques.csv"), newline="") as f:
    techniques = list(csv.DictReader(f))
with open(os.path.join(out, "attack-techniques.tsv"), "w") as f:
    f.write(f"# ATT&CK Enterprise v{ATTACK_VERSION} techniques: id, name, tactics (;-separated), status (active|revoked).\n")
    f.write(version_line)
    f.write("# (c) 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.\n")
    for t in techniques:
        status = "revoked" if t["deprecated_or_revoked"] == "true" else "active"
        f.write(f"{t['id']}\t{t['name']}\t{t['tactics']}\t{status}\n")

with open(os.path.join(data, "nist-800-53-rev5-controls.csv"), newline="") as f:
    controls = list(csv.DictReader(f))
with open(os.path.join(out, "nist-controls.tsv"), "w") as f:
    f.write(f"# NIST SP 800-53 {meta['mapping_framework_version']} controls used by the CTID ATT&CK {meta['attack_version']} mapping: id, family, title.\n")
    f.write(version_line)
    for c in sorted(controls, key=lambda c: (c["family"], int(norm_control(c["id"]).split("-")[1].split("(")[0]))):
        f.write(f"{norm_control(c['id'])}\t{c['family']}\t{c['title']}\n")

# Ids the ATT&CK list does not know (T1521.003 is a Mobile technique) stay out of the table.
known = {t["id"] for t in techniques}
by_technique = defaultdict(set)
for m in mapping["mapping_objects"]:
    if (m.get("status") == "complete" and m.get("mapping_type") == "mitigates" and m.get("capability_id")
            and m["attack_object_id"] in known):
        by_technique[m["attack_object_id"]].add(norm_control(m["capability_id"]))
def control_key(c):
    fam, num = c.split("-")
    return (fam, int(num.split("(")[0]))
with open(os.path.join(out, "technique-controls.tsv"), "w") as f:
    f.write(f"# CTID Mappings Explorer: ATT&CK {meta['attack_version']} -> NIST SP 800-53 "
            f"{meta['mapping_framework_version']} (updated {meta['last_update']}): technique, controls that mitigate it.\n")
    f.write(version_line)
    for tid in sorted(by_technique, key=lambda t: [int(x) for x in t[1:].split('.')]):
        f.write(f"{tid}\t{','.join(sorted(by_technique[tid], key=control_key))}\n")
print(f"{len(techniques)} techniques, {len(controls)} controls, {len(by_technique)} mapped techniques")
