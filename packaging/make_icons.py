"""Draw the IMH Library app icon with Qt and write it in every format we ship.

    uv run python packaging/make_icons.py                 # packaging/icons/*
    uv run python packaging/make_icons.py --iconset DIR   # also a macOS .iconset

Outputs (committed): ``imh-library.png`` (1024 px), ``imh-library-256.png``,
``imh-library.ico`` (16-256 px) and ``imh-library.icns`` (PNG
entries). The macOS CI job rebuilds the .icns with ``iconutil`` from the
iconset. Runs headless (offscreen), no Pillow needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# icns chunk type -> pixel size (all PNG-encoded; macOS 10.7+).
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)
ICONSET = (16, 32, 128, 256, 512)


def draw(size: int) -> QImage:
    """The icon at ``size`` px: an open book under a heart on a teal tile."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 1024, size / 1024)

    # Tile: macOS-style rounded square with a margin.
    tile = QRectF(64, 64, 896, 896)
    gradient = QLinearGradient(QPointF(0, 64), QPointF(0, 960))
    gradient.setColorAt(0, QColor("#2bb3a3"))
    gradient.setColorAt(1, QColor("#1d5c7a"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(tile, 200, 200)

    # Open book: two pages meeting at a spine.
    pages = QPainterPath()
    pages.moveTo(512, 560)
    pages.cubicTo(420, 500, 300, 490, 200, 520)
    pages.lineTo(200, 800)
    pages.cubicTo(300, 770, 420, 780, 512, 840)
    pages.cubicTo(604, 780, 724, 770, 824, 800)
    pages.lineTo(824, 520)
    pages.cubicTo(724, 490, 604, 500, 512, 560)
    pages.closeSubpath()
    painter.setBrush(QColor("#fdfaf3"))
    painter.drawPath(pages)
    spine = QPen(QColor("#1d5c7a"), 18)
    spine.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(spine)
    painter.drawLine(QPointF(512, 575), QPointF(512, 815))

    # Heart above the book.
    heart = QPainterPath()
    heart.moveTo(512, 470)
    heart.cubicTo(380, 390, 330, 310, 380, 240)
    heart.cubicTo(425, 180, 495, 195, 512, 255)
    heart.cubicTo(529, 195, 599, 180, 644, 240)
    heart.cubicTo(694, 310, 644, 390, 512, 470)
    heart.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ff7a6b"))
    painter.drawPath(heart)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # QImageWriter rather than image.save(buffer, "PNG"): PySide6's stubs type that format
    # as bytes, which the binding then rejects at run time.
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB as an .ico entry: bottom-up pixels plus an all-zero AND mask."""
    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    line = argb.bytesPerLine()
    bits = bytes(argb.constBits())  # BGRA on little-endian
    rows = [bits[y * line : y * line + size * 4] for y in range(size)]
    pixels = b"".join(reversed(rows))
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    mask_row = ((size + 31) // 32) * 4
    return header + pixels + bytes(mask_row * size)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """A Windows .ico: classic DIB entries, PNG for 256 px (as Windows' own tools do)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, image in sorted(images.items()):
        blob = png_bytes(image) if size >= 256 else dib_bytes(image)
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(images: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind.encode("ascii") + struct.pack(">I", 8 + len(images[size])) + images[size]
        for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def write_iconset(folder: Path, images: dict[int, bytes]) -> None:
    """The layout ``iconutil -c icns`` expects."""
    folder.mkdir(parents=True, exist_ok=True)
    for size in ICONSET:
        (folder / f"icon_{size}x{size}.png").write_bytes(images[size])
        (folder / f"icon_{size}x{size}@2x.png").write_bytes(images[size * 2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iconset", type=Path, help="also write a macOS .iconset folder here")
    args = parser.parse_args(argv)

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted({*ICO_SIZES, *(s for _, s in ICNS_TYPES), *ICONSET, *(2 * s for s in ICONSET)})
    drawn = {size: draw(size) for size in sizes}
    images = {size: png_bytes(image) for size, image in drawn.items()}

    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "imh-library.png").write_bytes(images[1024])
    (ICONS / "imh-library-256.png").write_bytes(images[256])
    (ICONS / "imh-library.ico").write_bytes(ico_bytes({s: drawn[s] for s in ICO_SIZES}))
    (ICONS / "imh-library.icns").write_bytes(icns_bytes(images))
    if args.iconset:
        write_iconset(args.iconset, images)
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
