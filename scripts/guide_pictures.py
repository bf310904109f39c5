"""Guide pictures: the top of each sheet of a case's workbook, printed by LibreOffice, at one
text size whatever the sheet's print scale. Usage (scripts/guide-pictures.sh runs it): guide_pictures.py OUT_DIR SHEET=PDF[:NAME] ..."""
import re, subprocess, sys, os
from PIL import Image

EM_PX = 13.0          # the text's em in pixels in every picture
MAX_H = 520           # most pixels of rows below the header
PAD = 8
PAGE_WIDTH = [0]

def layout(pdf, page, dpi):
    xml = subprocess.run(["pdftohtml", "-xml", "-stdout", "-i", "-q", "-zoom", str(dpi / 72),
                          "-f", str(page), "-l", str(page), pdf],
                         capture_output=True, text=True, check=True).stdout
    PAGE_WIDTH[0] = int(re.search(r'<page number="\d+"[^>]* width="(\d+)"', xml).group(1))
    sizes = {m.group(1): int(m.group(2)) for m in re.finditer(r'<fontspec id="(\d+)" size="(-?\d+)"', xml)}
    texts = [(int(t), int(l), int(w), int(h), f, s) for t, l, w, h, f, s in
             re.findall(r'<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">(.*?)</text>', xml)]
    return sizes, texts

def outline(pdf):
    xml = subprocess.run(["pdftohtml", "-xml", "-stdout", "-i", "-q", pdf],
                         capture_output=True, text=True, check=True).stdout
    return {name: int(p) for p, name in re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)}

def picture(pdf, sheet, out, rows_wanted):
    page = outline(pdf)[sheet]
    # the print scale: the most common font size at 72 dpi, against the 11 pt the sheet is written in
    sizes, texts = layout(pdf, page, 144)
    counts = {}
    for t in texts:
        counts[sizes[t[4]]] = counts.get(sizes[t[4]], 0) + 1
    pt = max(counts, key=counts.get) / 2
    dpi = round(EM_PX * 72 / pt)
    base = os.path.join(os.environ.get("GP_TMP", "/tmp"), f"render-{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    pdf, base], check=True)
    im = Image.open(base + ".png").convert("RGB")
    sizes, texts = layout(pdf, page, 288)
    # pdftohtml rounds its zoom: scale its coordinates to the image's pixels
    k = im.size[0] / PAGE_WIDTH[0]
    texts = [(round(t * k), round(l * k), round(w * k), round(h * k), f, s) for t, l, w, h, f, s in texts]
    header_top = min(t[0] for t in texts)
    heads = sorted(t[1] for t in texts if abs(t[0] - header_top) <= 3)
    left = heads[0]
    # a row starts where column A (up to the second header) has text; wrapped lines of a cell
    # in column A are not rows
    col_a = [t for t in texts if t[1] < heads[1] - 2]
    tops = []
    for t in sorted(col_a):
        if not tops or t[0] > tops[-1][1]:
            tops.append((t[0], t[0] + t[3]))
        else:
            tops[-1] = (tops[-1][0], max(tops[-1][1], t[0] + t[3]))
    tops = [t for t, _ in tops]
    # the header's fill: light blue, spanning every column
    px = im.load()
    w, h = im.size
    def blue(x, y):
        r, g, b = px[x, y]
        return b > 230 and r < 235 and b - r > 12
    band = [y for y in range(max(0, header_top - 30), min(h, header_top + 80))
            if sum(blue(x, y) for x in range(0, w, 4)) > 20]
    y0 = band[0] + 1
    xs = [x for x in range(w) if blue(x, y0)]
    top, right = min(band), max(xs)
    bottom_rows = tops[1:]
    chosen = bottom_rows[:rows_wanted + 1]
    if len(chosen) > rows_wanted:
        bottom = chosen[rows_wanted] - 4
        while bottom - max(band) > MAX_H and rows_wanted > 2:
            rows_wanted -= 1
            bottom = chosen[rows_wanted] - 4
    else:
        bottom = max(t[0] + t[3] for t in texts) + PAD
    crop = im.crop((max(0, left - PAD), max(0, top - PAD), min(w, right + PAD), min(h, bottom)))
    crop = crop.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    crop.save(out, optimize=True)
    print(f"{out}: {sheet}, page {page}, prints at {pt} pt, {dpi} dpi, {crop.size[0]}x{crop.size[1]}, "
          f"{os.path.getsize(out) // 1024} KB")

if __name__ == "__main__":
    out_dir = sys.argv[1]
    for spec in sys.argv[2:]:
        sheet, rest = spec.split("=", 1)
        pdf, name, rows = rest.split(":")
        picture(pdf, sheet, os.path.join(out_dir, name + ".png"), int(rows))
