#!/usr/bin/env python3
"""Draws the widget's logos and tour pictures (GroupDesk's own artwork: three people on a teal
tile) into images/. Run it again after changing the drawing; the PNGs are committed."""
import os
import struct
import zlib

TEAL = (22, 132, 120)
WHITE = (255, 255, 255)
PALE = (214, 240, 236)
INK = (28, 52, 49)

# amoCRM's required sizes (integrations/structure): name -> (width, height)
LOGOS = {
    "logo_main.png": (400, 272),
    "logo_small.png": (108, 108),
    "logo.png": (130, 100),
    "logo_medium.png": (240, 84),
    "logo_min.png": (84, 84),
    "logo_dp.png": (174, 109),   # the Digital Pipeline action (digital_pipeline/integrations)
}


def png(path, width, height, pixel):
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(chunk(b"IEND", b""))


def people(cx, cy, size):
    """Three people (head and shoulders) centred on cx, cy: a predicate for white pixels."""
    figures = [(cx - size * 0.55, cy + size * 0.08, size * 0.8), (cx + size * 0.55, cy + size * 0.08, size * 0.8),
               (cx, cy, size)]
    def inside(x, y):
        for fx, fy, s in figures:
            head_r = s * 0.22
            if (x - fx) ** 2 + (y - (fy - s * 0.25)) ** 2 <= head_r ** 2:
                return True
            # shoulders: the upper half of an ellipse under the head
            dx, dy = (x - fx) / (s * 0.42), (y - (fy + s * 0.42)) / (s * 0.36)
            if dy <= 0 and dx * dx + dy * dy <= 1:
                return True
        return False
    return inside


def logo(width, height):
    size = min(width, height) * 0.62
    inside = people(width / 2, height / 2, size)
    return lambda x, y: WHITE if inside(x, y) else TEAL


def tour(width, height, bars):
    """A card with the widget: the people mark on the left, list rows on the right."""
    inside = people(width * 0.2, height * 0.5, height * 0.28)
    def pixel(x, y):
        if inside(x, y):
            return TEAL
        for i in range(bars):
            top = height * (0.2 + i * 0.18)
            if width * 0.42 <= x <= width * (0.9 - 0.1 * (i % 2)) and top <= y <= top + height * 0.08:
                return INK if i == 0 else TEAL
        return PALE
    return pixel


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images")
    os.makedirs(out, exist_ok=True)
    for name, (w, h) in LOGOS.items():
        png(os.path.join(out, name), w, h, logo(w, h))
    png(os.path.join(out, "tour_1_ru.png"), 400, 272, tour(400, 272, 4))
    png(os.path.join(out, "tour_1_en.png"), 400, 272, tour(400, 272, 4))


if __name__ == "__main__":
    main()
