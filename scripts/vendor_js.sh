#!/bin/sh
# Reproduce the vendored JS from the npm registry at the versions pinned in package-lock.json:
# force-graph and KaTeX into the package (plugins/conceptgraph/plugin/assets/vendor/, which the
# plugin publishes with every site), Mermaid into tests/browser/vendor/ (the browser tests only).
# The site build never runs npm: the minified files are committed, so `make site` and `make test`
# need only Python and make. Run this after changing package.json, then commit the result;
# tests/browser/test_vendored.py checks the files against package-lock.json and the VENDORED.json
# beside them.
set -eu
cd "$(dirname "$0")/.."

npm ci --ignore-scripts --no-audit --no-fund

vendor=plugins/conceptgraph/plugin/assets/vendor
test_vendor=tests/browser/vendor

# The licence of every package a library's minified file bundles: its dependencies in the lock
# file, resolved as node does (nearest node_modules first), and theirs, sorted by path.
third_party() {
  for pkg in $(node -e '
    const lock = require("./package-lock.json").packages;
    const seen = new Set();
    const find = (from, dep) => {
      for (let dir = from; ; dir = dir.slice(0, dir.lastIndexOf("/node_modules/"))) {
        if (lock[`${dir}/node_modules/${dep}`]) return `${dir}/node_modules/${dep}`;
        if (!dir.includes("/node_modules/")) return lock[`node_modules/${dep}`] ? `node_modules/${dep}` : null;
      }
    };
    const walk = (path) => {
      for (const dep of Object.keys(lock[path].dependencies || {})) {
        const at = find(path, dep);
        if (at && !seen.has(at)) { seen.add(at); walk(at); }
      }
    };
    walk(`node_modules/${process.argv[1]}`);
    console.log([...seen].sort().join(" "));' "$1"); do
    name=${pkg##*node_modules/}
    lic=$(ls "$pkg" | grep -i -m1 '^licen[cs]e' || true)
    printf '\n==== %s %s (%s) ====\n' "$name" "$(node -p "require('./$pkg/package.json').version")" \
      "$(node -p "require('./$pkg/package.json').license")"
    [ -n "$lic" ] && cat "$pkg/$lic"
  done
}

# force-graph: the concept graph (canvas). Its minified file bundles its dependencies.
rm -rf "$vendor/force-graph"
mkdir -p "$vendor/force-graph"
cp node_modules/force-graph/dist/force-graph.min.js "$vendor/force-graph/"
cp node_modules/force-graph/LICENSE "$vendor/force-graph/LICENSE"
third_party "force-graph" > "$vendor/force-graph/THIRD-PARTY-LICENSES"

# KaTeX: formulas rendered in the browser from the site's own files (no CDN). Only the woff2
# fonts: every browser that runs the site picks woff2, the first format katex.min.css lists.
rm -rf "$vendor/katex"
mkdir -p "$vendor/katex/fonts"
cp node_modules/katex/dist/katex.min.js node_modules/katex/dist/katex.min.css "$vendor/katex/"
cp node_modules/katex/dist/fonts/*.woff2 "$vendor/katex/fonts/"
cp node_modules/katex/LICENSE "$vendor/katex/LICENSE"

# Mermaid: the diagrams Material draws. Material loads it from a CDN unless the page has it;
# the browser tests serve this copy instead (the machines that run them have no CDN).
rm -rf "$test_vendor/mermaid"
mkdir -p "$test_vendor/mermaid"
# Kept compressed (gzip -n: no name or time in it, the same bytes every time): 3.6 MB as it is
gzip -n -9 -c node_modules/mermaid/dist/mermaid.min.js > "$test_vendor/mermaid/mermaid.min.js.gz"
cp node_modules/mermaid/LICENSE "$test_vendor/mermaid/LICENSE"
third_party "mermaid" > "$test_vendor/mermaid/THIRD-PARTY-LICENSES"

# The record the test recomputes, beside the vendored folders: package, version from the lock
# file, sha256 of each file. record <folder> <package>...
record() {
  folder=$1
  shift
  VENDOR=$folder PACKAGES="$*" node - <<'JS'
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
const vendor = process.env.VENDOR;
const record = {};
for (const name of process.env.PACKAGES.split(" ")) {
  const dir = `${vendor}/${name}`;
  const files = walk(dir).map((f) => path.relative(dir, f)).sort();
  record[name] = {
    version: lock.packages[`node_modules/${name}`].version,
    integrity: lock.packages[`node_modules/${name}`].integrity,
    files: Object.fromEntries(files.map((f) => [f, sha256(`${dir}/${f}`)])),
  };
}
fs.writeFileSync(`${vendor}/VENDORED.json`, JSON.stringify(record, null, 2) + "\n");
JS
}
record "$vendor" force-graph katex
record "$test_vendor" mermaid
echo "Vendored force-graph and katex into $vendor/, mermaid into $test_vendor/"
