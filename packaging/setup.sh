#!/usr/bin/env bash
# Set up studio on a Debian/Ubuntu machine, then run it or its tests.
# Safe to run again: it installs only what is missing, and a second run needs no network.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bash packaging/setup.sh MODE [ARGS...]
  run [ARGS]    the director console (on the demo rundown with simulated orders when no ARGS are given;
                else ARGS go to `studio run`)
  test [ARGS]   the whole test suite (a real OBS Studio under Xvfb, real libvlc); ARGS go to pytest
  check         the static gates: import contracts (lint-imports) and types (mypy)
Installs the Debian packages and the Python virtual environment (.venv) that MODE needs first.
EOF
}

mode="${1:-run}"
case "$mode" in
  run | test | check) ;;
  -h | --help | help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Qt's runtime libraries (offscreen and X11), libvlc for media (video-output: to draw clips in the console's windows), fonts.
apt_run=(python3 python3-venv libglib2.0-0 libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1
         libfreetype6 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxrender1
         fonts-dejavu-core libvlc5 vlc-plugin-base vlc-plugin-video-output)
# The tests drive a real OBS Studio on a virtual screen; PyInstaller (the bundle's test) needs objdump;
# LibreOffice and poppler print exported workbooks to PDF; redis-server and postgresql: tests/relay, tests/central;
# chromium: the browser views' tests (tests/push), driven by playwright.
apt_test=(obs-studio xvfb binutils libreoffice-calc-nogui poppler-utils redis-server postgresql chromium)
apt_test+=(nodejs npm)  # the Bitfocus Companion module's tests (integrations/companion); skipped when node is already there

packages=("${apt_run[@]}")
[[ "$mode" == test ]] && packages+=("${apt_test[@]}")
missing=()
for p in "${packages[@]}"; do
  [[ ( "$p" == nodejs || "$p" == npm ) ]] && command -v "${p/nodejs/node}" >/dev/null && continue  # a node not from apt
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pip runs only when pyproject.toml changed or MODE needs extras not installed yet: the stamp
# holds "<sha256 of pyproject.toml> <extras>" of the last install.
extras="test"; [[ "$mode" == test ]] && extras="test,package"  # package: PyInstaller, for the bundle's test
stamp=.venv/.studio-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
installed() {
  local hash have x
  [[ -f "$stamp" ]] && read -r hash have < "$stamp" || return 1
  [[ "$hash" == "$wanted" ]] || return 1
  for x in ${extras//,/ }; do [[ ",$have," == *",$x,"* ]] || return 1; done
}
if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
if ! installed; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[$extras]"
  echo "$wanted $extras" > "$stamp"
fi
# The machine may run with PYTHONDONTWRITEBYTECODE=1: compile once here so start-up never compiles.
.venv/bin/python -m compileall -q studio ui

case "$mode" in
  run)   if (( $# <= 1 )); then  # the demo, with simulated orders so its ticker lives
           exec .venv/bin/studio run --simulate-orders 30
         fi
         exec .venv/bin/studio run "${@:2}" ;;
  test)  # The Companion module's tests first (a few seconds, against a real headless studio), so pytest's
         # summary stays the last line; npm ci only when node_modules does not match the lock (offline reruns).
         [[ -d integrations/companion ]] && (cd integrations/companion
          lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
          if [[ "$(cat node_modules/.studio-lock 2>/dev/null)" != "$lock" ]]; then
            npm ci --prefer-offline --no-audit --no-fund --loglevel=error
            echo "$lock" > node_modules/.studio-lock
          fi
          STUDIO_BIN="$root/.venv/bin/studio" node --test test/)
         exec .venv/bin/python -m pytest "${@:2}" ;;
  check) .venv/bin/lint-imports
         exec .venv/bin/mypy ;;
esac
