# Build the Windows app: dist\studio\studio.exe (command line) and studiow.exe (no console window).
# Run from the repository root in PowerShell, with 64-bit Python 3.11 from python.org:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Not built or tried by the project's CI (it runs on Linux): see docs/packaging.md.
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e ".[package]"
.venv\Scripts\pyinstaller --noconfirm packaging\studio.spec
if ($LASTEXITCODE) { exit $LASTEXITCODE }

# Smoke test: the bundle checks and runs its demo show headless, then exits 0.
$demo = "dist\studio\_internal\schedules\demo.yaml"
dist\studio\studio.exe check $demo
if ($LASTEXITCODE) { exit $LASTEXITCODE }
1..8 | ForEach-Object { "go" } | dist\studio\studio.exe run --headless --start now --db "$env:TEMP\studio-smoke.db"
exit $LASTEXITCODE
