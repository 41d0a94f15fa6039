#!/usr/bin/env bash
# Package the VS Code extension (editors/vscode/) into a .vsix, without the
# marketplace: its dependencies come from npm as pinned in package-lock.json
# (vscode-languageclient, and @vscode/vsce for packaging), and vsce packages
# locally. Then:
#   - the .vsix must hold the extension and its language client;
#   - test/server.test.js runs the command the extension builds from its
#     settings against a fresh build of reportlint: the server starts,
#     reports a finding and exits with 0 after shutdown.
#
# Output: target/vscode/reportlint-<version>.vsix (install it with
# `code --install-extension …`). The checkout's editors/vscode/ is not
# touched (the build runs in a copy).
#
# When Node or npm is missing, Node is older than 20, or the npm registry
# cannot be reached, prints "SKIP: …" and exits 0 — never silently.
#
# Usage: scripts/vscode-package.sh   (from anywhere; .ci/run calls it)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\n== %s\n' "$*"; }
fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}

say "VS Code extension (editors/vscode)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: node and npm are not installed; the VS Code extension was not packaged"
    exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
    echo "SKIP: Node $(node --version) is older than 20 (@vscode/vsce 3.9 needs 20); the VS Code extension was not packaged"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reportlint-vscode.XXXXXX")
trap 'rm -rf "$work"' EXIT
ext="$work/vscode"
mkdir "$ext"
(cd "$repo/editors/vscode" && tar --exclude=node_modules --exclude='*.vsix' -cf - .) | tar -xf - -C "$ext"

if ! (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1; then
    if ! npm ping >/dev/null 2>&1; then
        echo "SKIP: the npm registry ($(npm config get registry)) is unreachable; the VS Code extension was not packaged"
        exit 0
    fi
    cat "$work/npm.log" >&2
    fail "npm ci failed although the registry is reachable"
fi

(cd "$ext" && node --check extension.js && node --check server.js) || fail "extension.js does not parse"

version=$(node -p "require('$ext/package.json').version")
mkdir -p "$repo/target/vscode"
vsix="$repo/target/vscode/reportlint-$version.vsix"
(cd "$ext" && npx --no-install vsce package --skip-license --allow-missing-repository --out "$vsix") ||
    fail "vsce package failed"

# The package holds the extension, its manifest and the language client.
python3 - "$vsix" <<'PY' || fail "the .vsix is incomplete"
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = [
    "extension/package.json",
    "extension/extension.js",
    "extension/server.js",
    "extension/node_modules/vscode-languageclient/node.js",
    "extension/node_modules/vscode-jsonrpc/package.json",
    "extension.vsixmanifest",
]
missing = [n for n in need if n not in names]
leaked = [n for n in names if "/test/server.test.js" in n or "@vscode/vsce" in n]
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
if missing or leaked or manifest["main"] != "./extension.js":
    print("missing:", missing, "should not be there:", leaked, file=sys.stderr)
    sys.exit(1)
print(f"{sys.argv[1]}: {len(names)} files, extension and language client present")
PY

say "the extension's server command against reportlint"
if [ -z "${REPORTLINT:-}" ]; then
    (cd "$repo" && cargo build --quiet --bin reportlint)
    REPORTLINT="$repo/target/debug/reportlint"
fi
(cd "$ext" && REPORTLINT="$REPORTLINT" node --test test/) || fail "the extension's server test failed"
echo "PASS: $vsix"
