"""Make briefing.pptx, the template the PowerPoint briefing is built from.

An organisation can replace briefing.pptx with its own branded file: the briefing needs four
slide layouts named "Title", "Section", "Chart and text" and "Table" (typology/powerpoint.py
reads their title and body placeholders for where text, charts and tables go).

Run: python typology/templates/make_template.py   (writes briefing.pptx beside this file)
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.333 x 7.5 inches
MARGIN = Inches(0.5)
ACCENT = RGBColor(0x00, 0x72, 0xB2)  # the app's accent blue (Okabe-Ito)
# The default layouts used, their new names, and each placeholder's box (left, top, width,
# height in inches) keyed by placeholder idx. Footer, date and number placeholders are dropped:
# the briefing writes its own slide number.
LAYOUTS: dict[str, tuple[str, dict[int, tuple[float, float, float, float]]]] = {
    "Title Slide": ("Title", {0: (0.5, 2.0, 12.333, 1.6), 1: (0.5, 3.8, 12.333, 3.0)}),
    "Section Header": ("Section", {0: (0.5, 2.6, 12.333, 1.4), 1: (0.5, 4.1, 12.333, 1.8)}),
    "Two Content": (
        "Chart and text",
        {0: (0.5, 0.35, 12.333, 1.0), 1: (0.5, 1.5, 5.9, 5.3), 2: (6.7, 1.5, 6.133, 5.3)},
    ),
    "Title Only": ("Table", {0: (0.5, 0.35, 12.333, 1.0)}),
}
DROPPED = {10, 11, 12}  # date, footer, slide number


def make(path: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for layout in prs.slide_layouts:
        if layout.name not in LAYOUTS:
            continue
        name, boxes = LAYOUTS[layout.name]
        layout.name = name
        for placeholder in list(layout.placeholders):
            idx = placeholder.placeholder_format.idx
            if idx in DROPPED or idx not in boxes:
                placeholder.element.getparent().remove(placeholder.element)
                continue
            left, top, width, height = (Inches(v) for v in boxes[idx])
            placeholder.left, placeholder.top = left, top
            placeholder.width, placeholder.height = width, height
    # The master's title style: the accent colour, a size a room can read.
    master = prs.slide_master
    for placeholder in master.placeholders:
        if placeholder.placeholder_format.idx == 0:
            placeholder.left, placeholder.top = MARGIN, Inches(0.35)
            placeholder.width, placeholder.height = Inches(12.333), Inches(1.0)
            for paragraph in placeholder.text_frame.paragraphs:
                paragraph.font.color.rgb = ACCENT
                paragraph.font.size = Pt(32)
        elif placeholder.placeholder_format.idx == 1:
            placeholder.left, placeholder.top = MARGIN, Inches(1.5)
            placeholder.width, placeholder.height = Inches(12.333), Inches(5.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(path)
    return path


if __name__ == "__main__":
    print(make(Path(__file__).resolve().parent / "briefing.pptx"))
