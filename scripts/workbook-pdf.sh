#!/usr/bin/env bash
# Checks that a case's workbook survives a real spreadsheet program and prints legibly:
# exports the case with `liandong case export`, re-saves the workbook through LibreOffice
# (headless, with a private profile), imports the re-saved workbook back and validates it,
# checks that no sheet lost its drop-down lists (the <dataValidation> elements of each sheet),
# prints the re-saved workbook to PDF and renders every page to PNG, to look at by eye:
# Chinese legible (not boxes), headers present, columns not cut off.
# Exits non-zero on any failure.
#
# Usage: scripts/workbook-pdf.sh [CASE.ron] [OUT_DIR]
#   defaults: scenarios/overseas-worker.ron, target/workbook-pdf
# Environment: LIANDONG_BIN  a built liandong (default: cargo run -q --no-default-features --)
#              PNG_DPI       resolution of the page images (default 60)
# Needs: soffice (LibreOffice), unzip, pdftoppm and pdfinfo (poppler-utils); a CJK font
# (fonts-wqy-microhei is installed with apt-get when no Chinese font is found).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
case_file=${1:-$root/scenarios/overseas-worker.ron}
out=${2:-$root/target/workbook-pdf}
dpi=${PNG_DPI:-60}

fail() {
  echo "workbook-pdf: $*" >&2
  exit 1
}

[[ -f $case_file ]] || fail "no case file $case_file"
case_file=$(cd "$(dirname "$case_file")" && pwd)/$(basename "$case_file")
name=$(basename "$case_file")
name=${name%.*}

for tool in soffice unzip pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (LibreOffice, unzip, poppler-utils)"
done

# Without a Chinese font LibreOffice prints every character as a box.
if [[ -z $(fc-list :lang=zh family 2>/dev/null) ]]; then
  echo "no Chinese font found: installing fonts-wqy-microhei" >&2
  sudo=""
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || fail "no Chinese font, and not root to install one: apt-get install fonts-wqy-microhei"
    sudo="sudo -n"
  fi
  if ! $sudo apt-get install -y fonts-wqy-microhei >/dev/null 2>&1; then
    $sudo apt-get update >/dev/null 2>&1 || true
    $sudo apt-get install -y fonts-wqy-microhei >/dev/null 2>&1 ||
      fail "could not install fonts-wqy-microhei"
  fi
  fc-cache -f >/dev/null 2>&1 || true
  [[ -n $(fc-list :lang=zh family 2>/dev/null) ]] || fail "still no Chinese font after installing one"
fi

if [[ -n ${LIANDONG_BIN:-} ]]; then
  liandong() { "$LIANDONG_BIN" "$@"; }
else
  liandong() { cargo run -q --no-default-features --manifest-path "$root/Cargo.toml" -- "$@"; }
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
export_dir=$out/export resaved_dir=$out/resaved pdf_dir=$out/pdf png_dir=$out/png
rm -rf "$export_dir" "$resaved_dir" "$pdf_dir" "$png_dir"
mkdir -p "$export_dir" "$resaved_dir" "$pdf_dir" "$png_dir"

# A private LibreOffice profile: never clashes with a LibreOffice already open, or another run.
profile=$(mktemp -d /tmp/liandong-soffice.XXXXXX)
trap 'rm -rf "$profile"' EXIT
soffice_convert() { # format outdir file
  timeout 300 soffice -env:UserInstallation="file://$profile" --headless \
    --convert-to "$1" --outdir "$2" "$3" >"$out/soffice.log" 2>&1 ||
    fail "LibreOffice failed to convert $3 to $1: see $out/soffice.log"
}

# The catalogue the case is checked against (its folder and up to three above it, as
# liandong looks), copied beside the re-saved workbook so both are checked against the same.
catalogue=""
dir=$(dirname "$case_file")
for _ in 1 2 3 4; do
  if [[ -f $dir/rules.ron ]]; then
    catalogue=$dir/rules.ron
    break
  fi
  dir=$(dirname "$dir")
done

exported=$export_dir/$name.xlsx
resaved=$resaved_dir/$name.xlsx
liandong case export "$case_file" --xlsx "$exported" --force >/dev/null || fail "liandong case export failed"
if [[ -n $catalogue ]]; then
  cp "$catalogue" "$export_dir/rules.ron"
  cp "$catalogue" "$resaved_dir/rules.ron"
fi

soffice_convert xlsx "$resaved_dir" "$exported"
[[ -s $resaved ]] || fail "LibreOffice wrote no $resaved: see $out/soffice.log"

# The re-saved workbook must read back as the same case: imported, it validates, and its RON
# is the RON the exported workbook gives.
liandong case import "$exported" -o "$export_dir/$name.ron" 2>/dev/null ||
  fail "the exported workbook does not import: liandong case import $exported"
if ! liandong case import "$resaved" -o "$resaved_dir/$name.ron" 2>"$out/import.log"; then
  cat "$out/import.log" >&2
  fail "the re-saved workbook does not import"
fi
if ! liandong validate "$resaved_dir/$name.ron" >"$out/validate.log" 2>&1; then
  cat "$out/validate.log" >&2
  fail "the case imported from the re-saved workbook does not validate"
fi
if ! liandong validate "$resaved" >"$out/validate-xlsx.log" 2>&1; then
  cat "$out/validate-xlsx.log" >&2
  fail "the re-saved workbook does not validate"
fi
if ! diff -u "$export_dir/$name.ron" "$resaved_dir/$name.ron" >"$out/import.diff"; then
  head -n 40 "$out/import.diff" >&2
  fail "the re-saved workbook imports differently from the exported one: see $out/import.diff"
fi

# Sheet names in order, each with its part inside the package: xl/worksheets/sheetN.xml.
sheet_parts() { # xlsx -> lines "name<TAB>part"
  local book rels
  book=$(unzip -p "$1" xl/workbook.xml)
  rels=$(unzip -p "$1" xl/_rels/workbook.xml.rels)
  grep -o '<sheet [^>]*>' <<<"$book" | while read -r sheet; do
    local sname rid target
    sname=$(sed -n 's/.* name="\([^"]*\)".*/\1/p' <<<"$sheet")
    rid=$(sed -n 's/.* r:id="\([^"]*\)".*/\1/p' <<<"$sheet")
    target=$(grep -o '<Relationship [^>]*>' <<<"$rels" | grep "Id=\"$rid\"" |
      sed -n 's/.*Target="\([^"]*\)".*/\1/p')
    target=${target#/}
    target=${target#xl/}
    printf '%s\t%s\n' "$sname" "xl/$target"
  done
}
validations() { # xlsx part -> count of <dataValidation> (and Excel 2010's <x14:dataValidation>)
  unzip -p "$1" "$2" | { grep -o '<dataValidation \|<x14:dataValidation ' || true; } | wc -l
}

mapfile -t before < <(sheet_parts "$exported")
mapfile -t after < <(sheet_parts "$resaved")
((${#before[@]} > 0)) || fail "no sheets found in $exported"
[[ ${#before[@]} == "${#after[@]}" ]] ||
  fail "the re-saved workbook has ${#after[@]} sheets, the exported one ${#before[@]}"

lost=()
rows=()
total_before=0 total_after=0
for i in "${!before[@]}"; do
  sheet=${before[$i]%%$'\t'*}
  part_before=${before[$i]#*$'\t'}
  sheet_after=${after[$i]%%$'\t'*}
  part_after=${after[$i]#*$'\t'}
  [[ $sheet == "$sheet_after" ]] || fail "sheet $((i + 1)) is “$sheet” exported, “$sheet_after” re-saved"
  n_before=$(validations "$exported" "$part_before")
  n_after=$(validations "$resaved" "$part_after")
  total_before=$((total_before + n_before))
  total_after=$((total_after + n_after))
  rows+=("$sheet"$'\t'"$n_before"$'\t'"$n_after")
  if ((n_before > 0 && n_after == 0)); then
    lost+=("$sheet")
  fi
done

soffice_convert pdf "$pdf_dir" "$resaved"
pdf=$pdf_dir/$name.pdf
[[ -s $pdf ]] || fail "LibreOffice wrote no $pdf: see $out/soffice.log"
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
[[ $pages =~ ^[0-9]+$ && $pages -gt 0 ]] || fail "cannot count the pages of $pdf"

# Where each sheet starts, from the PDF's bookmarks (LibreOffice writes one per sheet), and
# the size its text prints at: the most common font size on the page, in points (a sheet fitted
# to one page wide is scaled down; the sheets are written in 11 pt).
declare -A first_page=() text_pt=()
if command -v pdftohtml >/dev/null; then
  layout=$(pdftohtml -xml -stdout -i -q -zoom 2 "$pdf" 2>/dev/null || true)
  while IFS=$'\t' read -r page sheet; do
    first_page[$sheet]=$page
  done < <(sed -n '/<outline>/,/<\/outline>/s/.*<item page="\([0-9]*\)">\([^<]*\)<\/item>.*/\1\t\2/p' <<<"$layout")
  while read -r page size; do
    text_pt[$page]=$size
  done < <(awk '
    /<fontspec/ { match($0, /id="[0-9]+"/); id = substr($0, RSTART + 4, RLENGTH - 5)
                  match($0, /size="[0-9]+"/); size[id] = substr($0, RSTART + 6, RLENGTH - 7) }
    /<page number=/ { match($0, /number="[0-9]+"/); page = substr($0, RSTART + 8, RLENGTH - 9) }
    /<text / { match($0, /font="[0-9]+"/); count[page, size[substr($0, RSTART + 6, RLENGTH - 7)]]++ }
    END { for (key in count) { split(key, k, SUBSEP)
            if (count[key] > most[k[1]]) { most[k[1]] = count[key]; pt[k[1]] = k[2] / 2 } }
          for (p in pt) print p, pt[p] }' <<<"$layout")
fi

pdftoppm -r "$dpi" -png "$pdf" "$png_dir/$name" || fail "pdftoppm failed on $pdf"
mapfile -t pngs < <(find "$png_dir" -name "$name-*.png" | sort)
[[ ${#pngs[@]} == "$pages" ]] || fail "$pages pages but ${#pngs[@]} PNG files in $png_dir"

echo "case:      ${case_file#"$root"/}"
echo "exported:  $exported"
echo "re-saved:  $resaved (LibreOffice $(soffice --version 2>/dev/null | awk '{print $2; exit}'))"
echo "imported:  $resaved_dir/$name.ron (validates; same RON as the exported workbook gives)"
echo "sheets:    ${#before[@]}"
echo
printf '%-12s %11s %9s  %-11s %s\n' "sheet" "drop-downs" "re-saved" "pages" "text pt"
# the pages of each sheet: from its first page to the page before the next sheet's
sheet_names=()
for row in "${rows[@]}"; do sheet_names+=("${row%%$'\t'*}"); done
for i in "${!rows[@]}"; do
  IFS=$'\t' read -r sheet n_before n_after <<<"${rows[$i]}"
  span="?" pt="?"
  if [[ -n ${first_page[$sheet]:-} ]]; then
    start=${first_page[$sheet]}
    end=$pages
    for ((j = i + 1; j < ${#sheet_names[@]}; j++)); do
      if [[ -n ${first_page[${sheet_names[$j]}]:-} ]]; then
        end=$((first_page[${sheet_names[$j]}] - 1))
        break
      fi
    done
    count=$((end - start + 1))
    if ((count == 1)); then span="$count (p$start)"; else span="$count (p$start-$end)"; fi
    pt=${text_pt[$start]:-?}
  fi
  # pad by display width: a Chinese character takes two columns
  pad=$((12 - 2 * $(printf '%s' "$sheet" | LC_ALL=C.UTF-8 wc -m)))
  ((pad > 0)) || pad=0
  printf '%s%*s %11s %9s  %-11s %s\n' "$sheet" "$pad" "" "$n_before" "$n_after" "$span" "$pt"
done
printf '%-12s %11s %9s  %-11s\n' "total" "$total_before" "$total_after" "$pages"
echo
echo "pdf:       $pdf ($pages pages)"
echo "png (${dpi} dpi):"
for png in "${pngs[@]}"; do echo "  $png"; done

if ((${#lost[@]} > 0)); then
  fail "these sheets lost their drop-down lists when re-saved: ${lost[*]}"
fi
