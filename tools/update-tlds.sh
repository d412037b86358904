#!/usr/bin/env bash
# Regenerates src/Prompts/Data/tlds.txt from the npm package `tlds` (the IANA root zone list).
# Usage: tools/update-tlds.sh [version]   (default: the latest published version)
# Output format: a '#' header line naming package, version and publish date, then one lower-case TLD
# per line, IDN TLDs in punycode (xn--) form, sorted, no duplicates.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$repo_root/src/Prompts/Data/tlds.txt"
version="${1:-$(npm view tlds version)}"
published="$(npm view "tlds@$version" time --json | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const t = JSON.parse(s)[process.argv[1]];
    process.stdout.write(t ? t.slice(0, 10) : "unknown");
  });' "$version")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "tlds@$version" >/dev/null && tar xzf tlds-*.tgz)

node - "$work/package/index.json" "$target" "$version" "$published" <<'JS'
const fs = require("fs");
const { domainToASCII } = require("url");
const [source, target, version, published] = process.argv.slice(2);
const names = JSON.parse(fs.readFileSync(source, "utf8"));
const ascii = new Set();
for (const name of names) {
  const converted = domainToASCII(name.toLowerCase());
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(converted)) {
    throw new Error(`unexpected TLD after conversion: ${JSON.stringify(name)} -> ${JSON.stringify(converted)}`);
  }
  ascii.add(converted);
}
const lines = [...ascii].sort();
const header = `# IANA top-level domains from npm package tlds@${version} (published ${published}), ${lines.length} entries; regenerate with tools/update-tlds.sh`;
fs.writeFileSync(target, [header, ...lines].join("\n") + "\n");
console.log(`wrote ${lines.length} TLDs to ${target}`);
JS
