"""The report as a PDF (reportlab's platypus and its own charts), A4 portrait, in the embedded
DejaVu Sans of the badges so that every Vietnamese letter prints. Cell text is escaped before
it becomes a Paragraph: a name like "<b>" is printed as typed."""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from conference.common.text import nfc
from conference.registration.badges.pdf import FONT, FONT_BOLD, register_fonts

from .layout import Chart, Report, Section
from .layout import Table as ReportTable

PRIMARY = colors.HexColor("#0b4f9c")
SECOND = colors.HexColor("#c8102e")
GRID = colors.HexColor("#c9d1db")
STRIPE = colors.HexColor("#f3f6fa")
WIDTH = A4[0] - 36 * mm


def _styles() -> dict:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=20, leading=25,
                                textColor=PRIMARY, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=15),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10,
                                textColor=colors.HexColor("#4a5563")),
        "h1": ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=14, leading=18,
                             textColor=PRIMARY, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=10.5, leading=13,
                             spaceBefore=6, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=7.5, leading=9.5,
                               textColor=colors.white),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=7.5, leading=9.5,
                                 alignment=2),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=8, leading=10.5,
                               textColor=colors.HexColor("#4a5563")),
    }


def _text(value) -> str:
    return escape(nfc(str(value)))


def _number(value) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")  # 1.500.000: the Vietnamese way
    return str(value)


def _table(table: ReportTable, styles: dict) -> list:
    columns = len(table.columns)
    widths = table.widths or [1] * columns
    scale = WIDTH / sum(widths)
    data = [[Paragraph(_text(c), styles["head"]) for c in table.columns]]
    rows = list(table.rows) + ([table.total] if table.total else [])
    for row in rows:
        data.append([
            Paragraph(_text(_number(v)), styles["number"]) if isinstance(v, int | float)
            else Paragraph(_text(v), styles["cell"]) for v in row
        ])
    if len(data) == 1:
        data.append([Paragraph(_text(_("No data")), styles["cell"])] + [""] * (columns - 1))
    flow = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, index), (-1, index), STRIPE))
    if table.total:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, PRIMARY))
        style.append(("FONTNAME", (0, -1), (-1, -1), FONT_BOLD))
    flow.setStyle(TableStyle(style))
    return [Paragraph(_text(table.title), styles["h2"]), flow]


def _chart(chart: Chart) -> Drawing:
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 10, nfc(chart.title), fontName=FONT_BOLD, fontSize=9))
    bars = VerticalBarChart()
    bars.x, bars.y = 28, 34
    bars.width, bars.height = WIDTH - 40, height - 62
    bars.data = [values or [0] for _legend, values in chart.series]
    bars.categoryAxis.categoryNames = [nfc(label) for label in chart.labels] or [""]
    many = len(chart.labels) > 16
    step = max(1, len(chart.labels) // 16)
    if many:
        bars.categoryAxis.categoryNames = [
            label if index % step == 0 else "" for index, label in
            enumerate(bars.categoryAxis.categoryNames)]
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 6.5
    bars.categoryAxis.labels.angle = 45 if many or len(chart.labels) > 6 else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if bars.categoryAxis.labels.angle else "n"
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    bars.valueAxis.forceZero = 1
    peak = max([max(values or [0]) for _legend, values in chart.series] or [0])
    bars.valueAxis.valueMax = max(5, peak * 1.1)
    bars.valueAxis.labelTextFormat = lambda value: f"{value:.0f}"
    bars.barSpacing = 0.5
    bars.groupSpacing = 2 if many else 6
    for index, color in enumerate((PRIMARY, SECOND)[: len(chart.series)]):
        bars.bars[index].fillColor = color
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = WIDTH - 150, height - 4
        legend.fontName, legend.fontSize = FONT, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [(c, nfc(name)) for c, (name, _v) in
                                 zip((PRIMARY, SECOND), chart.series, strict=False)]
        drawing.add(legend)
    return drawing


def _section(section: Section, styles: dict) -> list:
    flow = [Paragraph(_text(section.title), styles["h1"])]
    for note in section.notes:
        flow.append(Paragraph(_text(note), styles["note"]))
    for chart in section.charts:
        flow += [KeepTogether([_chart(chart)]), Spacer(1, 3 * mm)]
    for table in section.tables:
        flow += _table(table, styles)
    return flow


def report_pdf(report: Report, language: str) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    with translation.override(language):
        styles = _styles()
        footer = nfc(report.subtitle)
        page_word = _("Page %(number)s")

        def decorate(canvas, doc):
            canvas.saveState()
            canvas.setFont(FONT, 7)
            canvas.setFillColor(colors.HexColor("#4a5563"))
            canvas.drawString(18 * mm, 10 * mm, footer[:120])
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm,
                                   page_word % {"number": doc.page})
            canvas.restoreState()

        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
            bottomMargin=18 * mm, title=nfc(f"{report.title} · {report.subtitle}"),
            author="govconf", invariant=1)
        flow = [Paragraph(_text(report.title), styles["title"]),
                Paragraph(_text(report.subtitle), styles["subtitle"]),
                Paragraph(_text(report.generated), styles["small"]), Spacer(1, 4 * mm)]
        summary = Table(
            [[Paragraph(_text(label), styles["cell"]),
              Paragraph(_text(_number(value)), styles["number"])]
             for label, value in report.summary],
            colWidths=[WIDTH * 0.45, WIDTH * 0.15], hAlign="LEFT")
        summary.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID),
                                     ("BACKGROUND", (0, 0), (0, -1), STRIPE)]))
        flow.append(summary)
        for section in report.sections:
            flow += _section(section, styles)
        document.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
