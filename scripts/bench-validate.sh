#!/usr/bin/env bash
# Prints how long `liandong validate` takes on 1,000 case files, in a release build.
# Usage: scripts/bench-validate.sh [COPIES]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-1000}
cargo build --release --locked --quiet --no-default-features
bin=target/release/liandong
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scenarios/rules.ron "$work/"
mapfile -t sources < <(find scenarios -name '*.ron' ! -name rules.ron | sort)
for ((i = 0; i < copies; i++)); do
  src=${sources[$((i % ${#sources[@]}))]}
  # each copy gets its own id so the folder is a valid library
  sed -E "0,/^    id: \"([a-z0-9-]+)\"/s//    id: \"\1-copy-$i\"/" "$src" > "$work/case-$i.ron"
done
bytes=$(du -sb "$work" | cut -f1)
"$bin" validate "$work" 2>/dev/null # warm the page cache
best=""
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin" validate "$work" 2>/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
  echo "run $run: ${ms} ms"
done
echo "validate: $copies case files ($((bytes / 1024)) KiB), best of 5: ${best} ms (release, $(nproc) cores)"
