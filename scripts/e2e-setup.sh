#!/usr/bin/env bash
# Installs what the end-to-end tests drive (`npm run e2e:setup`), with no network but Debian's apt and the npm
# registry: Neovim, Chromium, and code-server 4.100.3 (VS Code 1.100.3, the newest that runs on
# Node 20) in .e2e/code-server. Idempotent: what is there already is kept. Needs root for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(chromium ripgrep libkrb5-dev build-essential pkg-config python3 fonts-dejavu-core neovim)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

CS_VERSION=4.100.3
DEST=.e2e/code-server
BIN="$DEST/node_modules/.bin/code-server"
if [ -x "$BIN" ] && XDG_CONFIG_HOME="$PWD/$DEST/.cfg" "$BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  exit 0
fi
# code-server compiles native modules against the local Node headers (node-gyp would otherwise
# download them), and @vscode/ripgrep's postinstall downloads rg from GitHub: its download cache
# is seeded with Debian's rg instead.
test -f /usr/include/node/node.h || { echo "e2e-setup: Node headers are missing from /usr/include/node" >&2; exit 1; }
RG_PKG=1.15.11 RG_TAG=v13.0.0-10   # the @vscode/ripgrep that code-server 4.100.3 pins
mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{"name":"portolan-e2e-code-server","private":true}' > "$DEST/package.json"
export TMPDIR="$PWD/$DEST/.tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
export npm_config_nodedir=/usr npm_config_unsafe_perm=true npm_config_yes=true
(cd "$DEST" && npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
XDG_CONFIG_HOME="$PWD/$DEST/.cfg" "$BIN" --version
