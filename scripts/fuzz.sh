#!/usr/bin/env bash
# Fuzzes what liandong reads from a trainer (examples/fuzz_cases) for SECONDS in a release build.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET]
#   SECONDS  default 600
#   TARGET   cases (default: case files and rules.ron through validate, lint, play and paths),
#            transcripts (read and replayed as `liandong replay` does) or
#            contests (read and checked as `liandong contest new` does)
# FUZZ_SEED and FUZZ_OUT override the seed and the findings folder (default
# target/fuzz/crashes, target/fuzz/crashes-TARGET for the other targets).
# Exits non-zero if this run saved a crash, a hang, a memory blow-up, an abort (stack overflow)
# or an oddity (a validated case that cannot be played, a diagnostic outside the text, a replay
# that does not replay again, an accepted contest whose turn plan is wrong).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
target=${2:-cases}
case $target in
  cases) default_out=target/fuzz/crashes ;;
  transcripts | contests) default_out=target/fuzz/crashes-$target ;;
  *) echo "fuzz: unknown target '$target' (cases, transcripts or contests)" >&2; exit 2 ;;
esac
out=${FUZZ_OUT:-$default_out}
seed=${FUZZ_SEED:-$(date +%s)}
cargo build --release --locked --quiet --no-default-features --example fuzz_cases
bin=${CARGO_TARGET_DIR:-target}/release/examples/fuzz_cases
mkdir -p "$out"
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
status=0
"$bin" --target "$target" --seconds "$seconds" --seed "$seed" --out "$out" || status=$?
# slow-*.ron and largest-heap.ron are kept for study, not failures
mapfile -t found < <(find "$out" -maxdepth 1 -newer "$marker" \
  \( -name 'crash-*.ron' -o -name 'hang-*.ron' -o -name 'memory-*.ron' -o -name 'abort-*.ron' \
  -o -name 'odd-*.ron' \) | sort)
if [[ $status -ne 0 || ${#found[@]} -gt 0 ]]; then
  echo "fuzz: exit status $status, ${#found[@]} finding(s) saved (target $target, seed $seed):" >&2
  for file in "${found[@]}"; do
    echo "  $file: $(head -n 1 "${file%.ron}.txt" 2>/dev/null || echo 'aborted')" >&2
  done
  exit 1
fi
echo "fuzz: no findings in $seconds s (target $target, seed $seed)"
