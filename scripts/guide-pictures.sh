#!/usr/bin/env bash
# Makes the authoring guide's pictures of the workbook sheets (scenarios/guide/*.png) again:
# exports scenarios/examples/first-case.ron and the `liandong new --xlsx` template, prints them
# through LibreOffice (scripts/workbook-pdf.sh) and crops the top of each sheet at one text
# size (scripts/guide_pictures.py). Needs LibreOffice, poppler-utils and python3-pil.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LIANDONG_BIN:-target/debug/liandong}
[[ -x $bin ]] || cargo build -q --no-default-features
for p in poppler-utils python3-pil; do
  dpkg -s "$p" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" new guide-example --dir "$work" >/dev/null
cp scenarios/rules.ron "$work/"
LIANDONG_BIN=$bin scripts/workbook-pdf.sh scenarios/examples/first-case.ron "$work/first" >/dev/null
LIANDONG_BIN=$bin scripts/workbook-pdf.sh "$work/guide-example.ron" "$work/template" >/dev/null
first=$work/first/pdf/first-case.pdf
template=$work/template/pdf/guide-example.pdf
GP_TMP=$work /usr/bin/python3 scripts/guide_pictures.py scenarios/guide \
  "案例信息=$first:case-info:8" "客户与资产=$first:customer:8" "线索=$first:cues:4" \
  "需求=$first:needs:4" "当班同事=$first:staff:3" "步骤=$first:steps:5" \
  "选项=$first:options:4" "转介卡=$first:card:5" "跟进表格=$template:forms:5" \
  "交接动作=$first:actions:4" "顺序约束=$first:order:3" "分支=$first:branches:3" \
  "观察评分表=$template:checklist:3" "规则目录=$first:rules:4"
