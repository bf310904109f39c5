#!/usr/bin/env bash
# Runs the real app under Xvfb with a software Vulkan driver, lets the autopilot play the
# overseas-worker case and a contest, and writes a PNG of every screen at 1280x720. With
# `all`, also at 1920x1080, the worst path's failing debrief and the English interface (what to
# look at by eye after a change to the interface; CI runs the first only, as a smoke test of
# every screen: each run of the debug build takes about two minutes). Fails if the app panics,
# a screen is missing, or a PNG is blank. Needs: xvfb, mesa-vulkan-drivers (see .ci/run).
# Usage: scripts/screenshots.sh OUT_DIR [all]
set -euo pipefail
out=${1:?usage: scripts/screenshots.sh OUT_DIR [all]}
which=${2:-ci}
cd "$(dirname "$0")/.."
cargo build --locked --quiet
bin=$PWD/target/debug/liandong
mkdir -p "$out"
out=$(cd "$out" && pwd)

run() { # name size pick [lang]
  local dir="$out/$1" log="$out/$1.log" lang=${4:-zh}
  rm -rf "$dir" "$dir.data"
  mkdir -p "$dir"
  if ! timeout 600 xvfb-run -a -s "-screen 0 ${2}x24" \
      "$bin" --autopilot "$3" --size "$2" --lang "$lang" --screenshots "$dir" --data-dir "$dir.data" >"$log" 2>&1; then
    echo "the app failed ($1); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  if grep -q "panicked" "$log"; then
    echo "the app panicked ($1): see $log" >&2
    exit 1
  fi
  python3 scripts/check_screenshots.py "$dir" 23
}

run 1280x720 1280x720 best
if [[ $which == all ]]; then
  run 1920x1080 1920x1080 best
  run worst-1280x720 1280x720 worst
  run en-1280x720 1280x720 best en
fi
echo "screenshots written to $out"
