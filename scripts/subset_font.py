#!/usr/bin/env python3
"""Helpers for scripts/subset-font.sh (run that, not this, unless you know why).

Subcommands (paths are relative to the repository root, which is the working directory):

  charset UNIHAN_OTHERMAPPINGS OUT
      Write the code points to keep, one "U+XXXX" a line, to OUT. UNIHAN_OTHERMAPPINGS is
      Unihan_OtherMappings.txt(.bz2) for the kTGH field (通用规范汉字表); pass "-" when it could
      not be had, and the set falls back to GB2312 plus the project's own characters.

  license DEBIAN_COPYRIGHT FONT OUT
      Write the licence file: the copyright line read from FONT's name table, a note on the
      subset, and the SIL OFL 1.1 text taken from the Debian package's copyright file.

  check SOURCE_TTC FACE_INDEX FONT [SOURCE_TTC FACE_INDEX FONT ...]
      Check that each subset FONT maps every required character (a fixed sample plus every
      character of the project files scanned below, plus GB2312 and the kTGH list when given
      with --charset), that its name table says "Noto Sans CJK SC", and that its glyph for a few
      hanzi whose SC and JP shapes differ is the SC face's (FACE_INDEX of SOURCE_TTC) and not
      the JP face's (face 0). Exits 1 on any failure. Characters that the source face itself
      lacks cannot be in the subset: they are listed, with where they are used, as warnings.
"""

import bz2
import sys
from pathlib import Path

# Files whose characters must be in the font: cases, interface strings and string tables.
# Scanned on every build so that new case text is covered.
PROJECT_GLOBS = [
    ("scenarios", "*.ron"),
    ("src", "*.rs"),
    ("src", "*.ron"),
    ("assets", "*.ron"),
]

# Fixed blocks, beyond GB2312 and the kTGH list.
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement (¥ is U+00A5; GB2312 has only ￥ U+FFE5)
    (0x2000, 0x206F),  # General Punctuation (“ ” ‘ ’ … — ‰ ※)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。《》【】〔〕)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms (！（），：；？￥)
]

SAMPLE = "岗位联动 王淼 乔帅 ¥700,000 骉 “”‘’，。：；！？（）【】…—"

# Hanzi whose SC glyph differs from the JP face's (checked against the source collection).
SC_PROBES = "直骨位淼"


def gb2312():
    out = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def tgh(path):
    """通用规范汉字表 (2013): the code points with a kTGH field in Unihan."""
    opener = bz2.open if str(path).endswith(".bz2") else open
    out = set()
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 3 and parts[1] == "kTGH":
                out.add(int(parts[0][2:], 16))
    if len(out) < 8000:
        sys.exit(f"error: only {len(out)} kTGH entries in {path}; expected 8,105")
    return out


def project_files():
    files = []
    for root, pattern in PROJECT_GLOBS:
        if Path(root).is_dir():
            files += sorted(Path(root).rglob(pattern))
    return files


def project_chars():
    """{code point: first 'file:line' that uses it}, control characters left out."""
    used = {}
    for path in project_files():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for ch in line:
                cp = ord(ch)
                if cp < 0x20 or 0x7F <= cp < 0xA0:
                    continue
                used.setdefault(cp, f"{path}:{lineno}")
    return used


def charset(unihan):
    cps = gb2312() | set(project_chars())
    for lo, hi in RANGES:
        cps |= set(range(lo, hi + 1))
    cps |= {ord(c) for c in SAMPLE}
    if unihan != "-":
        cps |= tgh(unihan)
    return cps


def cmd_charset(unihan, out):
    cps = charset(unihan)
    Path(out).write_text("".join(f"U+{cp:04X}\n" for cp in sorted(cps)), encoding="ascii")
    print(f"charset: {len(cps)} code points requested "
          f"({len(project_files())} project files scanned, kTGH {'on' if unihan != '-' else 'OFF'})")


OFL_NOTE = """\
Noto Sans CJK SC, Regular and Bold: subsets
============================================

{copyright}
{trademark}

NotoSansSC-Regular.otf and NotoSansSC-Bold.otf in this folder are subsets of
Noto Sans CJK SC version {version} (face {face} of NotoSansCJK-Regular.ttc and
NotoSansCJK-Bold.ttc from the Debian package {debver}),
made by scripts/subset-font.sh with fontTools' pyftsubset. They keep the characters of
GB2312, the 通用规范汉字表 (Table of General Standard Chinese Characters), ASCII,
Latin-1, general and CJK punctuation, full-width forms and every character used
in the project's cases and interface strings; the locl and vertical-writing
features are dropped. Glyph shapes are unchanged.

The fonts are licensed under the SIL Open Font License, Version 1.1, whose text
follows (as shipped in the Debian package's copyright file). This licence
travels with the fonts; it does not cover the rest of the project.

"""


def cmd_license(debian_copyright, font, out, face, debver):
    from fontTools.ttLib import TTFont

    text = Path(debian_copyright).read_text(encoding="utf-8")
    # Debian copyright format: the licence text is the "License: SIL-1.1" paragraph that is
    # not attached to a Files: stanza (the second occurrence), lines indented one space and
    # blank lines written " .".
    parts = text.split("License: SIL-1.1\n")
    if len(parts) < 3:
        sys.exit(f"error: no standalone 'License: SIL-1.1' paragraph in {debian_copyright}")
    body = []
    for line in parts[2].split("\n"):
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    ofl = "\n".join(body).strip("\n") + "\n"
    if "SIL OPEN FONT LICENSE Version 1.1" not in ofl or "DISCLAIMER" not in ofl:
        sys.exit("error: the OFL text in the Debian copyright file looks incomplete")
    f = TTFont(font, lazy=True)
    name = f["name"]
    copyright_line = name.getDebugName(0)
    version = (name.getDebugName(5) or "").split(";")[0].replace("Version ", "")
    trademark = name.getDebugName(7) or ""
    header = OFL_NOTE.format(copyright=copyright_line, trademark=trademark, face=face,
                             version=version, debver=debver)
    Path(out).write_text(header + ofl, encoding="utf-8")
    print(f"license: wrote {out} ({copyright_line})")


def outline(glyphset, glyph):
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    glyphset[glyph].draw(pen)
    return pen.value


def cmd_check(args, charset_unihan):
    from fontTools.ttLib import TTFont

    if len(args) % 3 != 0 or not args:
        sys.exit("usage: check SOURCE_TTC FACE_INDEX FONT [...]")
    used = project_chars()
    required = {ord(c): "sample" for c in SAMPLE if c != " "}
    for cp, where in used.items():
        required.setdefault(cp, where)
    if charset_unihan is not None:
        for cp in gb2312():
            required.setdefault(cp, "GB2312")
        if charset_unihan != "-":
            for cp in tgh(charset_unihan):
                required.setdefault(cp, "kTGH")
    failed = False
    for i in range(0, len(args), 3):
        source, face, font = args[i], int(args[i + 1]), args[i + 2]
        sub = TTFont(font)
        src = TTFont(source, fontNumber=face, lazy=True)
        jp = TTFont(source, fontNumber=0, lazy=True)
        cmap, src_cmap = sub.getBestCmap(), src.getBestCmap()
        size = Path(font).stat().st_size
        family = sub["name"].getDebugName(1)
        full = sub["name"].getDebugName(4)
        print(f"{font}: {size:,} bytes, {sub['maxp'].numGlyphs:,} glyphs, "
              f"{len(cmap):,} code points mapped; name: {full!r}, "
              f"outlines: {'CFF' if 'CFF ' in sub else 'glyf'}")
        print(f"  required: {len(required):,} code points "
              f"(sample + {len(used):,} used in {len(project_files())} project files"
              f"{' + GB2312 + kTGH' if charset_unihan not in (None, '-') else ''})")
        missing = sorted(cp for cp in required if cp not in cmap and cp in src_cmap)
        absent = sorted(cp for cp in required if cp not in src_cmap)
        for cp in missing:
            print(f"  MISSING U+{cp:04X} {chr(cp)}  ({required[cp]})")
        for cp in absent:
            print(f"  warning: U+{cp:04X} {chr(cp)} is not in the source face either, "
                  f"so it shows as a box if drawn with this font ({required[cp]})")
        print(f"  missing: {len(missing)}" + (f"; not in source font: {len(absent)}" if absent else ""))
        if missing:
            failed = True
        if not family.startswith("Noto Sans CJK SC"):
            print(f"  FAIL: family is {family!r}, not Noto Sans CJK SC")
            failed = True
        sub_gs, src_gs, jp_gs = sub.getGlyphSet(), src.getGlyphSet(), jp.getGlyphSet()
        jp_cmap = jp.getBestCmap()
        results = []
        for ch in SC_PROBES:
            cp = ord(ch)
            if cp not in cmap:
                results.append(f"{ch}=absent")
                failed = True
                continue
            mine = outline(sub_gs, cmap[cp])
            is_sc = mine == outline(src_gs, src_cmap[cp])
            is_jp = mine == outline(jp_gs, jp_cmap[cp])
            results.append(f"{ch}={'SC' if is_sc and not is_jp else 'JP' if is_jp else '??'}")
            if not is_sc or is_jp:
                failed = True
        print(f"  face check (outline equals face {face} SC, differs from face 0 JP): "
              + " ".join(results))
    if failed:
        print("check: FAILED")
        sys.exit(1)
    print("check: ok")


def main():
    argv = sys.argv[1:]
    if not argv:
        sys.exit(__doc__)
    cmd, rest = argv[0], argv[1:]
    if cmd == "charset" and len(rest) == 2:
        cmd_charset(*rest)
    elif cmd == "license" and len(rest) == 5:
        cmd_license(*rest)
    elif cmd == "check":
        unihan = None
        if rest[:1] == ["--charset"]:
            unihan, rest = rest[1], rest[2:]
        cmd_check(rest, unihan)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
