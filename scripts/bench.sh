#!/usr/bin/env bash
# Every benchmark of liandong, one after the other, printing figures (BENCHMARKS.md says what
# each measures and the figures on the reference machine):
#  1. criterion benchmarks of the core: load+validate 1,000 cases, score 100,000 runs, a
#     12-team scoreboard (in memory and from the database);
#  2. the results database with 10,000 runs (scripts/bench-store.sh);
#  3. `liandong validate` on 1,000 files, the whole command (scripts/bench-validate.sh);
#  4. the app under Xvfb: first frame, idle CPU, peak memory (scripts/bench-app.sh; needs
#     xvfb and mesa-vulkan-drivers; skipped with --core).
# Release builds throughout; the first app build takes about 15 minutes.
# Usage: scripts/bench.sh [--core]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== criterion: cargo bench --no-default-features --bench core"
cargo bench --locked --quiet --no-default-features --bench core 2>&1 \
  | grep -E '^(load|scoring|scoreboard)|time:' || true
echo "== store"
scripts/bench-store.sh
echo "== validate command"
scripts/bench-validate.sh
if [[ ${1:-} != --core ]]; then
  echo "== app"
  scripts/bench-app.sh
fi
