#!/usr/bin/env bash
# Build the macOS app: dist/Studio.app (the command line inside: Studio.app/Contents/MacOS/studio).
# Run from the repository root on the Mac architecture you ship for (arm64 or x86_64), with
# Python 3.11 from python.org:   bash packaging/macos/build.sh
# Not built or tried by the project's CI (it runs on Linux): see docs/packaging.md.
set -euo pipefail
[[ -x .venv/bin/python ]] || python3.11 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[package]"
.venv/bin/pyinstaller --noconfirm packaging/studio.spec

# Smoke test: the app checks and runs its demo show headless, then exits 0.
app=dist/Studio.app/Contents/MacOS/studio
"$app" check dist/studio/_internal/schedules/demo.yaml
printf 'go\n%.0s' {1..8} | "$app" run --headless --start now --db "${TMPDIR:-/tmp}/studio-smoke.db"
