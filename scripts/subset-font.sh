#!/usr/bin/env bash
# Builds the app's Simplified Chinese fonts, subsets of Noto Sans CJK SC:
#   assets/fonts/NotoSansSC-Regular.otf   (CFF outlines, ~2.3 MB)
#   assets/fonts/NotoSansSC-Bold.otf      (CFF outlines, ~2.4 MB)
#   assets/fonts/LICENSE-NotoSansCJK.txt  (copyright line, subset note, SIL OFL 1.1 text)
# then checks them (scripts/subset_font.py check) and fails if a needed character is missing.
#
# Why: Bevy 0.19 loads .ttf/.otf only, and a .ttc loaded from bytes gives face 0 (Japanese
# glyph shapes), so the SC face is extracted here. See shared/FONTS.md.
#
# Sources (pinned; sha256 checked):
#   - Debian bookworm `fonts-noto-cjk` 1:20220127+repack1-1 (Noto Sans CJK 2.004):
#     NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc, face index 2 = SC.
#     (The Regular .ttc is byte-identical to PyPI's noto-cjk-sans-otc 0.0.1; PyPI has no Bold.)
#   - Debian bookworm `unicode-data` 15.0.0-1: Unihan_OtherMappings.txt, field kTGH
#     (通用规范汉字表, 8,105 hanzi). If it cannot be had, the script warns and keeps
#     GB2312 + the project's own characters.
#   - PyPI fonttools==4.68.0 (pyftsubset), in a venv under the cache folder.
#   Fetched with `apt-get download` (runs `apt-get update` once if the package is not found)
#   and unpacked with `dpkg-deb -x` into a temporary folder; nothing is installed system-wide.
#   Set NOTO_CJK_DIR to a folder holding the two .ttc files to skip the Debian download (their
#   sha256 is still checked; the licence file is then left as it is unless NOTO_CJK_COPYRIGHT
#   names the Debian copyright file to take the OFL text from).
#
# Character set: GB2312 ∪ kTGH ∪ ASCII ∪ Latin-1 ∪ General Punctuation ∪ CJK Symbols and
# Punctuation ∪ Halfwidth/Fullwidth Forms ∪ every character in scenarios/**/*.ron,
# src/**/*.rs, src/**/*.ron and assets/**/*.ron, scanned on each run: rerun this script after
# adding case text with new characters. Dropped: `locl` and the vertical features
# (vert vrt2 vkna vhal vpal vkrn) and tables vhea vmtx VORG, which would pull in JP/KR/TC
# alternates and vertical metrics the UI does not use.
#
# Idempotent: the same sources and project text give byte-identical outputs.
# Time: about 15 s on 2 cores (the two weights are subset in parallel), ~25 s on a first run, which
# also downloads ~65 MB of .deb files and a ~5 MB Python wheel into the cache
# (${LIANDONG_FONT_CACHE:-${XDG_CACHE_HOME:-~/.cache}/liandong-fonts}).
#
# Usage: scripts/subset-font.sh            (from anywhere; works in the repository root)
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

FONTTOOLS_VERSION=4.68.0
NOTO_DEB=fonts-noto-cjk
NOTO_DEB_VERSION=1:20220127+repack1-1
NOTO_DEB_SHA256=4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502
REGULAR_TTC_SHA256=b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a
BOLD_TTC_SHA256=faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb
UNIDATA_DEB=unicode-data
UNIDATA_DEB_VERSION=15.0.0-1
UNIDATA_DEB_SHA256=5efef23bbb1c6a133ecbdd63a2cfa07159ccacf5466a49e2426101c5ecd691fc
FACE=2 # SC in the Noto Sans CJK collections (0 JP, 1 KR, 2 SC, 3 TC, 4 HK)

OUT=assets/fonts
CACHE=${LIANDONG_FONT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/liandong-fonts}
mkdir -p "$CACHE" "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log() { printf '== %s\n' "$*" >&2; }

sha_ok() { # FILE SHA256
  [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

# fetch_deb NAME VERSION SHA256 -> prints the cached .deb's path (or fails)
fetch_deb() {
  local name=$1 version=$2 sha=$3
  local deb="$CACHE/${name}_${version#*:}_all.deb"
  if sha_ok "$deb" "$sha"; then
    printf '%s\n' "$deb"
    return 0
  fi
  log "downloading Debian package $name=$version"
  rm -f "$deb"
  local dl="$work/dl-$name"
  mkdir -p "$dl"
  # apt-get download writes to the current folder; the _apt sandbox cannot write to a
  # root-owned temporary folder, hence the -o (it downloads unsandboxed, as root).
  if ! (cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$name=$version" >&2); then
    log "not found: running apt-get update once and retrying"
    apt-get update -q >&2 || true
    (cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$name=$version" >&2) || return 1
  fi
  local got
  got=$(find "$dl" -name "${name}_*.deb" | head -n1)
  if ! sha_ok "$got" "$sha"; then
    log "sha256 mismatch for $got (want $sha)"
    return 1
  fi
  mv "$got" "$deb"
  printf '%s\n' "$deb"
}

# 1. fonttools, pinned, in a venv of its own.
venv="$CACHE/venv-fonttools-$FONTTOOLS_VERSION"
py="$venv/bin/python"
if ! "$py" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  log "installing fonttools==$FONTTOOLS_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$py" -m pip install -q --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION"
fi

# 2. The Noto Sans CJK collections.
if [[ -n "${NOTO_CJK_DIR:-}" ]]; then
  ttc_dir=$NOTO_CJK_DIR
  copyright_file=${NOTO_CJK_COPYRIGHT:-}
else
  noto_deb=$(fetch_deb "$NOTO_DEB" "$NOTO_DEB_VERSION" "$NOTO_DEB_SHA256")
  log "unpacking $(basename "$noto_deb")"
  dpkg-deb -x "$noto_deb" "$work/noto"
  ttc_dir="$work/noto/usr/share/fonts/opentype/noto"
  copyright_file="$work/noto/usr/share/doc/fonts-noto-cjk/copyright"
fi
regular_ttc="$ttc_dir/NotoSansCJK-Regular.ttc"
bold_ttc="$ttc_dir/NotoSansCJK-Bold.ttc"
sha_ok "$regular_ttc" "$REGULAR_TTC_SHA256" || { log "bad or missing $regular_ttc"; exit 1; }
sha_ok "$bold_ttc" "$BOLD_TTC_SHA256" || { log "bad or missing $bold_ttc"; exit 1; }

# 3. 通用规范汉字表 from Unihan (kTGH).
unihan=-
if unidata_deb=$(fetch_deb "$UNIDATA_DEB" "$UNIDATA_DEB_VERSION" "$UNIDATA_DEB_SHA256"); then
  dpkg-deb -x "$unidata_deb" "$work/unidata"
  unihan="$work/unidata/usr/share/unicode/Unihan_OtherMappings.txt.bz2"
else
  log "WARNING: no $UNIDATA_DEB: the subset keeps GB2312 + project characters only (no kTGH)"
fi

# 4. Character list, then the two subsets (in parallel: one per core).
"$py" scripts/subset_font.py charset "$unihan" "$work/unicodes.txt"
subset() { # TTC OUTPUT
  "$py" -m fontTools.subset "$1" \
    --font-number="$FACE" \
    --unicodes-file="$work/unicodes.txt" \
    --layout-features-=locl,vert,vrt2,vkna,vhal,vpal,vkrn \
    --drop-tables+=vhea,vmtx,VORG \
    --name-IDs='*' \
    --notdef-outline \
    --output-file="$2.tmp"
  mv "$2.tmp" "$2"
}
log "subsetting (Regular and Bold in parallel)"
subset "$regular_ttc" "$OUT/NotoSansSC-Regular.otf" &
regular_pid=$!
subset "$bold_ttc" "$OUT/NotoSansSC-Bold.otf" &
bold_pid=$!
wait "$regular_pid"
wait "$bold_pid"

# 5. Licence file (copyright line from the font's own name table, OFL text from Debian).
if [[ -n "$copyright_file" && -f "$copyright_file" ]]; then
  "$py" scripts/subset_font.py license "$copyright_file" "$OUT/NotoSansSC-Regular.otf" \
    "$OUT/LICENSE-NotoSansCJK.txt" "$FACE" "$NOTO_DEB $NOTO_DEB_VERSION"
else
  log "no Debian copyright file (NOTO_CJK_DIR set): keeping $OUT/LICENSE-NotoSansCJK.txt as it is"
fi

# 6. Check: every needed character present, SC face (not JP).
"$py" scripts/subset_font.py check --charset "$unihan" \
  "$regular_ttc" "$FACE" "$OUT/NotoSansSC-Regular.otf" \
  "$bold_ttc" "$FACE" "$OUT/NotoSansSC-Bold.otf"
