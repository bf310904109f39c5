"""Checks a folder of PNG screenshots: the expected count, and none of them blank.

A blank frame (one colour) decompresses to rows of a handful of byte values; a real screen
with text has hundreds. No imaging library needed."""
import struct
import sys
import zlib
from pathlib import Path


def distinct_bytes(path: Path) -> int:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat)))


def main() -> int:
    folder, expected = Path(sys.argv[1]), int(sys.argv[2])
    shots = sorted(folder.glob("*.png"))
    ok = True
    if len(shots) != expected:
        print(f"{folder}: {len(shots)} screenshots, expected {expected}", file=sys.stderr)
        ok = False
    for shot in shots:
        values = distinct_bytes(shot)
        status = "ok" if values >= 32 else "BLANK"
        print(f"{shot.name}: {values} distinct byte values, {status}")
        ok &= values >= 32
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
