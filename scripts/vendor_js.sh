#!/bin/sh
# Reproduce docs/assets/vendor/ from the npm registry at the versions pinned in package-lock.json.
# The site build never runs npm: the minified files are committed, so `make site` and `make test`
# need only Python and make. Run this after changing package.json, then commit the result;
# tests/browser/test_vendored.py checks the files against package-lock.json and VENDORED.json.
set -eu
cd "$(dirname "$0")/.."

npm ci --ignore-scripts --no-audit --no-fund

vendor=docs/assets/vendor
rm -rf "$vendor/force-graph"
mkdir -p "$vendor/force-graph"
cp node_modules/force-graph/dist/force-graph.min.js "$vendor/force-graph/"
cp node_modules/force-graph/LICENSE "$vendor/force-graph/LICENSE"
# force-graph.min.js bundles its dependencies: keep their licenses next to it.
for pkg in $(node -p 'Object.keys(require("./package-lock.json").packages).filter(Boolean).sort().join(" ")'); do
  name=${pkg#node_modules/}
  [ "$name" = force-graph ] && continue
  lic=$(ls "$pkg" | grep -i -m1 '^licen[cs]e' || true)
  printf '\n==== %s %s (%s) ====\n' "$name" "$(node -p "require('./$pkg/package.json').version")" \
    "$(node -p "require('./$pkg/package.json').license")"
  [ -n "$lic" ] && cat "$pkg/$lic"
done > "$vendor/force-graph/THIRD-PARTY-LICENSES"

# The record the test recomputes: package, version from the lock file, sha256 of each file.
node - <<'JS'
const fs = require("fs");
const crypto = require("crypto");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const sha256 = (path) => crypto.createHash("sha256").update(fs.readFileSync(path)).digest("hex");
const dir = "docs/assets/vendor/force-graph";
const files = ["LICENSE", "THIRD-PARTY-LICENSES", "force-graph.min.js"];
const record = {
  "force-graph": {
    version: lock.packages["node_modules/force-graph"].version,
    integrity: lock.packages["node_modules/force-graph"].integrity,
    files: Object.fromEntries(files.map((f) => [f, sha256(`${dir}/${f}`)])),
  },
};
fs.writeFileSync("docs/assets/vendor/VENDORED.json", JSON.stringify(record, null, 2) + "\n");
JS
echo "Vendored force-graph $(node -p 'require("./package-lock.json").packages["node_modules/force-graph"].version') into $vendor/"
