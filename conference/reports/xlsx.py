"""The report as an XLSX workbook: a summary sheet, then one sheet per section with the same
tables as the PDF, and Excel's own bar charts. Text cells pass through ``spreadsheet_safe``
(a name starting with "=" is not a formula)."""

import io
import re

from django.utils import translation
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill

from conference.common.text import nfc, spreadsheet_safe

from .layout import Report

HEAD = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="0B4F9C")
BOLD = Font(bold=True)


def _cell(value):
    if isinstance(value, int | float):
        return value
    return spreadsheet_safe(nfc(str(value)))


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def report_xlsx(report: Report, language: str) -> bytes:
    with translation.override(language):
        book = Workbook()
        used: set[str] = set()
        summary = book.active
        summary.title = _sheet_title(report.title, used)
        summary.append([_cell(report.title)])
        summary["A1"].font = Font(bold=True, size=14)
        summary.append([_cell(report.subtitle)])
        summary.append([_cell(report.generated)])
        summary.append([])
        for label, value in report.summary:
            summary.append([_cell(label), _cell(value)])
        summary.column_dimensions["A"].width = 42
        summary.column_dimensions["B"].width = 16
        for section in report.sections:
            sheet = book.create_sheet(_sheet_title(section.title, used))
            sheet.append([_cell(section.title)])
            sheet["A1"].font = Font(bold=True, size=13)
            for note in section.notes:
                sheet.append([_cell(note)])
            for table in section.tables:
                sheet.append([])
                sheet.append([_cell(table.title)])
                sheet.cell(row=sheet.max_row, column=1).font = BOLD
                sheet.append([_cell(c) for c in table.columns])
                for cell in sheet[sheet.max_row]:
                    cell.font, cell.fill = HEAD, FILL
                for row in table.rows:
                    sheet.append([_cell(v) for v in row])
                if table.total:
                    sheet.append([_cell(v) for v in table.total])
                    for cell in sheet[sheet.max_row]:
                        cell.font = BOLD
            for chart in section.charts:
                _chart(sheet, chart)
            sheet.column_dimensions["A"].width = 36
            for letter in "BCDEFGHI":
                sheet.column_dimensions[letter].width = 14
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def _chart(sheet, chart) -> None:
    """The chart's data as a small table at the right of the sheet, and an Excel bar chart
    drawn from it."""
    if not chart.labels:
        return
    column = 12  # column L, clear of the tables
    sheet.cell(row=1, column=column, value=_cell(chart.title)).font = BOLD
    sheet.cell(row=2, column=column, value="")
    for offset, (legend, _values) in enumerate(chart.series, start=1):
        sheet.cell(row=2, column=column + offset, value=_cell(legend)).font = BOLD
    for index, label in enumerate(chart.labels, start=3):
        sheet.cell(row=index, column=column, value=_cell(label))
        for offset, (_legend, values) in enumerate(chart.series, start=1):
            sheet.cell(row=index, column=column + offset, value=values[index - 3])
    last = 2 + len(chart.labels)
    bars = BarChart()
    bars.title = nfc(chart.title)
    bars.height, bars.width = 8, 18
    bars.add_data(Reference(sheet, min_col=column + 1, max_col=column + len(chart.series),
                            min_row=2, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=column, min_row=3, max_row=last))
    sheet.add_chart(bars, f"{chr(ord('A') + column - 1)}{last + 2}")
