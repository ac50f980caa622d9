"""Demo press accreditation: two journalists pending approval, one with a press card scan and
a portrait ready for the desk, one still missing the portrait. Idempotent (by reference).

Every name and outlet is a clearly generic demo name; the images are drawn here.
"""

import io

from PIL import Image, ImageDraw

from .enums import DocumentKind, RegistrationStatus
from .models import Attendee, AttendeeDocument, Category, Registration
from .services import upload_attendee_document

JOURNALISTS = [
    ("PRESSDEMO1", "Ninh Thị Phóng", "Phóng viên", "Báo Điện tử Demo Thời sự", True),
    ("PRESSDEMO2", "Yên Văn Ký", "Quay phim", "Đài Phát thanh Truyền hình Demo", False),
]


def _portrait(seed: int) -> bytes:
    image = Image.new("RGB", (600, 800), (200, 214, 236))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 120, 430, 440), fill=(226, 190, 160 - 10 * seed))
    draw.rounded_rectangle((90, 470, 510, 820), radius=120, fill=(30, 58, 110))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _press_card(name: str, outlet: str) -> bytes:
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from .badges.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape((54 * mm, 86 * mm)), invariant=1)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawString(6 * mm, 44 * mm, "THẺ NHÀ BÁO (MẪU DEMO)")
    canvas.setFont(FONT, 8)
    canvas.drawString(6 * mm, 36 * mm, name)
    canvas.drawString(6 * mm, 30 * mm, outlet)
    canvas.save()
    return buffer.getvalue()


class _Upload(io.BytesIO):
    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name, self.size = name, len(content)


def load(edition) -> None:
    press = Category.objects.filter(edition=edition, code="press").first()
    if press is None:
        return
    for index, (reference, name, position, outlet, with_photo) in enumerate(JOURNALISTS):
        registration, _created = Registration.objects.get_or_create(
            reference=reference,
            defaults={"edition": edition, "category": press, "contact_email":
                      f"{reference.lower()}@demo.example.vn", "language": "vi",
                      "status": RegistrationStatus.PENDING_APPROVAL},
        )
        attendee, _created = Attendee.objects.get_or_create(
            registration=registration, email=f"{reference.lower()}@demo.example.vn",
            defaults={"full_name": name, "position": position, "organisation": outlet},
        )
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            continue
        have = set(AttendeeDocument.objects.filter(attendee=attendee)
                   .values_list("kind", flat=True))
        if DocumentKind.PRESS_CARD not in have:
            upload_attendee_document(attendee=attendee, kind=DocumentKind.PRESS_CARD,
                                     upload=_Upload(_press_card(name, outlet), "the.pdf"))
        if with_photo and DocumentKind.PHOTO not in have:
            upload_attendee_document(attendee=attendee, kind=DocumentKind.PHOTO,
                                     upload=_Upload(_portrait(index), "anh.jpg"))



