"""Render the emblem (static/favicon.svg) as the PNG and ICO fallbacks browsers ask for.

    .venv/bin/python tools/render_icons.py

Writes static/favicon.ico (32×32 PNG inside an ICO container), static/img/icon-32.png and
static/img/apple-touch-icon.png (180×180), rasterised by headless Chromium (Debian's, as the
browser tests use) so that no image library is needed. Run it again after changing the emblem.
"""

import os
import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def png_of(page, svg, size):
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        "<!doctype html><html><body style='margin:0;background:transparent'>"
        f"<img src='data:image/svg+xml;utf8,{svg}' width='{size}' height='{size}' style='display:block'></body></html>"
    )
    return page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})


def ico_of(png, size):
    """An ICO file holding one PNG image (allowed since Windows Vista, read by every browser)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def main():
    svg = (STATIC / "favicon.svg").read_text().replace("#", "%23").replace("\n", " ")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        small = png_of(page, svg, 32)
        (STATIC / "img" / "icon-32.png").write_bytes(small)
        (STATIC / "favicon.ico").write_bytes(ico_of(small, 32))
        (STATIC / "img" / "apple-touch-icon.png").write_bytes(png_of(page, svg, 180))
        browser.close()


if __name__ == "__main__":
    main()
