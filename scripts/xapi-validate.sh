#!/usr/bin/env bash
# Checks xAPI statements with Learning Locker's validator (npm `xapi-validation`), timing each:
#   scripts/xapi-validate.sh STATEMENTS.json
# prints {"statements":N,"failed":F,"worst_ms":W} (and the first problems on stderr); exits 1
# if any statement fails. The validator is installed once into $LIANDONG_TOOLS (default
# ~/.cache/liandong), with npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${LIANDONG_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/liandong}/xapi-validation"
if [[ ! -d "$tools/node_modules/xapi-validation" ]]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund --prefix "$tools" xapi-validation@2.1.4 >&2)
fi
out="$(NODE_PATH="$tools/node_modules" node "$here/xapi_validate.js" "$1")"
echo "$out"
[[ "$out" == *'"failed":0,'* ]]
