# Build the Windows bundle and its installer, on a Windows PC (PyInstaller does not
# cross-build). From the repository root, in PowerShell, with Python 3.11 (64-bit) and
# NSIS 3 (makensis on PATH, or in its default folder):
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-UpdateRoot PATH\root.json]
# -UpdateRoot: the county's root.json (python -m county_hub init-update-keys); without
# it the build cannot update itself. Output: dist\village-station\ (the bundle, which
# `python -m county_hub publish-release` takes) and dist\village-station-VERSION-setup.exe.
param([string]$UpdateRoot = "")
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))

if (-not (Test-Path .venv-win)) { py -3.11 -m venv .venv-win }
.venv-win\Scripts\python -m pip install --quiet --upgrade pip
.venv-win\Scripts\python -m pip install --quiet -e ".[dist]"
if ($UpdateRoot) { $env:STATION_UPDATE_ROOT = (Resolve-Path $UpdateRoot).Path }
.venv-win\Scripts\python -m PyInstaller --noconfirm --log-level WARN --distpath dist `
  --workpath build\pyinstaller packaging\station.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$version = (Get-Content dist\village-station\_internal\resources\VERSION).Trim()
$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
& $makensis /V2 "/DVERSION=$version" "/DSOURCE=$PWD\dist\village-station" `
  "/DOUTFILE=$PWD\dist\village-station-$version-setup.exe" packaging\windows\station.nsi
if ($LASTEXITCODE -ne 0) { throw "makensis failed" }

# The frozen build answers before it is shipped: help, a demo station, the sign-in screen.
$data = Join-Path $env:TEMP "village-station-smoke"
Remove-Item -Recurse -Force $data -ErrorAction SilentlyContinue
dist\village-station\station-sync.exe --help | Out-Null
dist\village-station\station-sync.exe --data-dir $data init --demo
$env:STATION_SMOKE_EXIT = "1"
$gui = Start-Process dist\village-station\station.exe -ArgumentList "--data-dir", $data -Wait -PassThru
Remove-Item Env:\STATION_SMOKE_EXIT
if ($gui.ExitCode -ne 0) { throw "the frozen counter app did not reach its sign-in screen" }
Write-Host "dist\village-station-$version-setup.exe"
