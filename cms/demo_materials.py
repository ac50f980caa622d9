"""Demo: slides, a livestream and recordings on the demo edition's first sessions. Safe to
run again."""

import io

from django.core.files.base import ContentFile

from .enums import MaterialKind, SessionKind

LIVESTREAM = "https://truc-tuyen.example.vn/chinh-phu-so/{pk}"
RECORDING = "https://video.example.vn/chinh-phu-so/{pk}"


def _slides_pdf(title: str, speakers: str) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4))
    width, height = landscape(A4)
    for page, line in enumerate((title, speakers, "Cảm ơn / Thank you"), start=1):
        pdf.setFont("Helvetica-Bold", 26 if page == 1 else 20)
        pdf.drawCentredString(width / 2, height / 2, line.encode("ascii", "replace").decode())
        pdf.setFont("Helvetica", 10)
        pdf.drawRightString(width - 30, 20, str(page))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def load() -> None:
    from .models import Edition, Session, SessionMaterial

    edition = Edition.objects.filter(year=2024).first()
    if edition is None:
        return
    sessions = (Session.objects.filter(edition=edition, live=True)
                .exclude(kind=SessionKind.BREAK).prefetch_related("session_speakers__speaker")
                .order_by("start")[:4])
    for index, session in enumerate(sessions):
        if not session.materials.filter(kind=MaterialKind.SLIDES).exists():
            speakers = ", ".join(link.speaker.name for link in session.session_speakers.all())
            slides = SessionMaterial(session=session, kind=MaterialKind.SLIDES,
                                     title="Bài trình bày", title_en="Slides")
            slides.file.save(f"demo-{session.pk}.pdf",
                             ContentFile(_slides_pdf(session.title_en or session.title,
                                                     speakers or "govconf")), save=False)
            slides.save()
        if index == 0:
            SessionMaterial.objects.get_or_create(
                session=session, kind=MaterialKind.LIVESTREAM,
                defaults={"url": LIVESTREAM.format(pk=session.pk), "sort_order": 1,
                          "title": "Xem trực tiếp", "title_en": "Watch live"})
        SessionMaterial.objects.get_or_create(
            session=session, kind=MaterialKind.RECORDING,
            defaults={"url": RECORDING.format(pk=session.pk), "sort_order": 2,
                      "title": "Xem lại", "title_en": "Watch the recording"})
