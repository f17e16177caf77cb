#!/usr/bin/env bash
# Set up studio on a Debian/Ubuntu machine, then run it or its tests.
#   bash packaging/setup.sh run    # the director console on the demo rundown
#   bash packaging/setup.sh test   # the whole test suite (a real OBS Studio under Xvfb, real libvlc)
# Safe to run again: it installs only what is missing.
set -euo pipefail
mode="${1:-run}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Qt's runtime libraries (offscreen and X11), libvlc for media (video-output: to draw clips in the console's windows), fonts.
apt_run=(python3 python3-venv libglib2.0-0 libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1
         libfreetype6 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxrender1
         fonts-dejavu-core libvlc5 vlc-plugin-base vlc-plugin-video-output)
# The tests drive a real OBS Studio on a virtual screen.
apt_test=(obs-studio xvfb libreoffice-calc-nogui poppler-utils)  # LibreOffice, poppler: exported workbooks printed to PDF

packages=("${apt_run[@]}")
[[ "$mode" == test ]] && packages+=("${apt_test[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extras="test"; [[ "$mode" == test ]] && extras="test,package"  # package: PyInstaller, for the bundle's test
.venv/bin/python -m pip install -q -e ".[$extras]"

case "$mode" in
  run)  if (( $# <= 1 )); then  # the demo, with simulated orders so its ticker lives
          exec .venv/bin/studio run --simulate-orders 30
        fi
        exec .venv/bin/studio run "${@:2}" ;;
  test) exec .venv/bin/python -m pytest "${@:2}" ;;
  *)    echo "usage: bash packaging/setup.sh run|test" >&2; exit 2 ;;
esac
