"""The desk's prints as PDF, drawn with the badge PDF stack (reportlab, embedded DejaVu Sans,
text fitted by measuring it): the seating chart of a hall on A3 or A4, and place cards (name
cards folded on the table) for the VIP rows.
"""

import io

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm

from conference.common.i18n import localized
from conference.common.text import nfc
from conference.registration.badges.layout import fit_text, rgb
from conference.registration.badges.pdf import FONT, FONT_BOLD, INK, new_canvas

from .enums import BlockKind
from .models import SeatAssignment, SeatingPlan, seat_label
from .queries import plan_grid

SIZES = {"a3": landscape(A3), "a4": landscape(A4)}
MARGIN = 12 * mm


def _measure(bold: bool):
    from reportlab.pdfbase import pdfmetrics

    return lambda text, size: pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def _centred(canvas, text, *, x, y, width, size, bold=False):
    from reportlab.pdfbase import pdfmetrics

    font = FONT_BOLD if bold else FONT
    canvas.setFont(font, size)
    canvas.drawString(x + (width - pdfmetrics.stringWidth(text, font, size)) / 2, y, text)


def _fitted(canvas, text, *, x, top, width, height, max_size, min_size, bold=False,
            max_lines=2):
    """Draw ``text`` centred in a box whose top edge is at ``top`` (PDF coordinates)."""
    size, lines = fit_text(nfc(text), width=width, height=height, max_size=max_size,
                           min_size=min_size, max_lines=max_lines, measure=_measure(bold))
    block = len(lines) * size * 1.2
    y = top - (height - block) / 2 - size
    for line in lines:
        _centred(canvas, line, x=x, y=y, width=width, size=size, bold=bold)
        y -= size * 1.2


def seating_chart(plan: SeatingPlan, *, size: str = "a3") -> bytes:
    """The hall on one landscape page: the stage, each section's rows and numbered seats with
    the name of who sits there, reserved blocks in their colours, and a legend."""
    page_w, page_h = SIZES.get(size, SIZES["a3"])
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, pagesize=(page_w, page_h), title=str(plan))
    grid, holders = plan_grid(plan)
    canvas.setFillColorRGB(*INK)
    title_size = page_h * 0.028
    with translation.override("vi"):
        title = plan.name
    _centred(canvas, title, x=0, y=page_h - MARGIN - title_size, width=page_w, size=title_size,
             bold=True)
    sub = " · ".join(part for part in (
        plan.name_en, str(plan.edition), localized(plan.room, "name") if plan.room else "",
        _("Printed %(when)s") % {"when": date_format(timezone.localtime(), "d/m/Y H:i")},
        _("%(seated)s of %(seats)s seats taken") % {
            "seated": len(holders),
            "seats": sum(len(r["seats"]) for s in grid for r in s["rows"])},
    ) if part)
    _centred(canvas, sub, x=0, y=page_h - MARGIN - title_size * 2.1, width=page_w,
             size=title_size * 0.5)
    stage_top = page_h - MARGIN - title_size * 2.8
    stage_h = page_h * 0.03
    canvas.setFillColorRGB(0.12, 0.16, 0.22)
    canvas.roundRect(page_w * 0.25, stage_top - stage_h, page_w * 0.5, stage_h, stage_h / 3,
                     stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    _centred(canvas, _("STAGE"), x=0, y=stage_top - stage_h * 0.7, width=page_w,
             size=stage_h * 0.55, bold=True)

    blocks = list(plan.blocks.all())
    legend_h = page_h * 0.03 if blocks else 0
    area_top = stage_top - stage_h - page_h * 0.02
    area_h = area_top - MARGIN - legend_h
    columns = sum(1 + max((len(r["seats"]) for r in s["rows"]), default=0) for s in grid)
    columns += max(len(grid) - 1, 0)  # an aisle between sections
    rows = max((len(s["rows"]) for s in grid), default=1)
    cell_w = (page_w - 2 * MARGIN) / max(columns, 1)
    cell_h = min(area_h / max(rows, 1), cell_w * 0.9)
    x = MARGIN + (page_w - 2 * MARGIN - cell_w * columns) / 2
    for section in grid:
        width = max((len(r["seats"]) for r in section["rows"]), default=0)
        canvas.setFillColorRGB(*INK)
        _centred(canvas, localized(section["section"], "name"), x=x + cell_w, y=area_top + 2,
                 width=cell_w * width, size=min(cell_h * 0.25, 10), bold=True)
        for index, row in enumerate(section["rows"]):
            top = area_top - index * cell_h - 4
            canvas.setFillColorRGB(*INK)
            _centred(canvas, row["label"], x=x, y=top - cell_h * 0.6, width=cell_w,
                     size=cell_h * 0.3, bold=True)
            for column, cell in enumerate(row["seats"]):
                _chart_seat(canvas, cell, x=x + (column + 1) * cell_w, top=top, w=cell_w,
                            h=cell_h)
        x += (width + 2) * cell_w
    x = MARGIN
    for block in blocks:
        canvas.setFillColorRGB(*(c / 255 for c in rgb(block.colour)))
        canvas.rect(x, MARGIN, legend_h * 0.5, legend_h * 0.5, stroke=0, fill=1)
        canvas.setFillColorRGB(*INK)
        canvas.setFont(FONT, legend_h * 0.45)
        label = f"{block.name} ({block.get_kind_display()})"
        canvas.drawString(x + legend_h * 0.7, MARGIN + legend_h * 0.05, label)
        x += legend_h * 1.2 + canvas.stringWidth(label, FONT, legend_h * 0.45)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _chart_seat(canvas, cell, *, x, top, w, h):
    seat, holder = cell["seat"], cell["holder"]
    pad = min(w, h) * 0.06
    colour = tuple(c / 255 for c in rgb(seat.block.colour)) if seat.block else (0.6, 0.6, 0.6)
    canvas.setStrokeColorRGB(*colour)
    canvas.setLineWidth(1.2 if seat.block else 0.5)
    if seat.block:
        canvas.setFillColorRGB(*(1 - (1 - c) * 0.15 for c in colour))
    else:
        canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x + pad, top - h + pad, w - 2 * pad, h - 2 * pad, stroke=1,
                fill=1 if seat.usable else 0)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(FONT_BOLD, h * 0.16)
    canvas.drawString(x + pad * 2, top - pad - h * 0.17, str(seat.number))
    if holder is not None:
        _fitted(canvas, holder.full_name, x=x + pad, top=top - h * 0.25, width=w - 2 * pad,
                height=h * 0.65, max_size=h * 0.16, min_size=h * 0.08, max_lines=3)


def place_cards(plan: SeatingPlan, *, everyone: bool = False) -> bytes:
    """A name card for each person in the plan's VIP and speakers blocks (everyone seated with
    ``everyone``), one per A4 landscape page, folded along the middle: the name reads upright on
    both faces. In seat order, so the desk lays them out row by row."""
    assignments = (SeatAssignment.objects.filter(plan=plan)
                   .select_related("attendee", "seat__section", "seat__block")
                   .order_by("seat__row_index", "seat__section__sort_order", "seat__column"))
    if not everyone:
        assignments = assignments.filter(seat__block__kind__in=[BlockKind.VIP,
                                                                BlockKind.SPEAKERS])
    page_w, page_h = landscape(A4)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, pagesize=(page_w, page_h), title=_("Place cards"))
    drawn = 0
    for assignment in assignments:
        for upside_down in (False, True):
            canvas.saveState()
            if upside_down:
                canvas.translate(page_w, page_h)
                canvas.rotate(180)
            _place_card_face(canvas, assignment, width=page_w, height=page_h / 2)
            canvas.restoreState()
        canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
        canvas.setDash(3, 3)
        canvas.line(0, page_h / 2, page_w, page_h / 2)
        canvas.showPage()
        drawn += 1
    if not drawn:
        canvas.setFont(FONT, 14)
        canvas.drawString(MARGIN, page_h / 2, _("Nobody sits in this plan's VIP rows yet."))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _place_card_face(canvas, assignment, *, width, height):
    attendee = assignment.attendee
    canvas.setFillColorRGB(*INK)
    _fitted(canvas, attendee.full_name, x=MARGIN, top=height * 0.82, width=width - 2 * MARGIN,
            height=height * 0.38, max_size=height * 0.26, min_size=height * 0.10, bold=True)
    detail = ", ".join(p for p in (attendee.position, attendee.organisation) if p)
    if detail:
        _fitted(canvas, detail, x=MARGIN, top=height * 0.42, width=width - 2 * MARGIN,
                height=height * 0.22, max_size=height * 0.08, min_size=height * 0.04)
    canvas.setFont(FONT, height * 0.04)
    with translation.override("vi"):
        label = seat_label(assignment.seat)
    canvas.drawString(MARGIN, MARGIN * 0.6, label)
