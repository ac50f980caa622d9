"""Factories for the awards tests: an open cycle with a small rubric, nominations in any state."""

import datetime
import io
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conference.awards import services
from conference.awards.enums import ConsentState, NominationKind, NominationStatus, Sector
from conference.awards.models import (
    AwardCategory,
    AwardCycle,
    CategoryJudge,
    Criterion,
    JudgeAssignment,
    Nomination,
)


def pdf_bytes(text: str = "Minh chứng") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 156)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def cycle(edition):
    now = timezone.now()
    return AwardCycle.objects.create(
        edition=edition, name="Lãnh đạo chuyển đổi số tiêu biểu 2024",
        name_en="Leading Digital Transformation Leaders 2024",
        eligibility="Giữ vị trí lãnh đạo ít nhất 12 tháng.",
        eligibility_en="Held a leading position for at least 12 months.",
        nominations_open=now - datetime.timedelta(days=10),
        nominations_close=now + datetime.timedelta(days=10),
        judging_open=now - datetime.timedelta(days=1),
        judging_close=now + datetime.timedelta(days=30),
        voting_open=now - datetime.timedelta(days=1),
        voting_close=now + datetime.timedelta(days=30),
        judges_per_nomination=2,
    )


@pytest.fixture
def category(cycle):
    category = AwardCategory.objects.create(
        cycle=cycle, name="Lãnh đạo cấp tỉnh, thành phố", name_en="Provincial leaders",
        sector=Sector.PROVINCIAL, sort_order=1,
    )
    Criterion.objects.create(category=category, name="Tầm nhìn", name_en="Vision",
                             weight=Decimal(3), scale_min=0, scale_max=10, sort_order=0)
    Criterion.objects.create(category=category, name="Nhân rộng", name_en="Replicable",
                             weight=Decimal(1), scale_min=1, scale_max=5, required=False,
                             sort_order=1)
    Criterion.objects.create(category=category, name="Nhận xét", name_en="Remarks",
                             weight=Decimal(2), scale_min=0, scale_max=10, required=False,
                             counted=False, sort_order=2)
    return category


@pytest.fixture
def secretariat(user_factory):
    from django.contrib.auth.models import Group

    from conference.accounts.roles import AWARDS_SECRETARIAT, sync_roles

    sync_roles()
    user = user_factory(email="thuky@example.com", first_name="Ký", last_name="Thư")
    user.groups.add(Group.objects.get(name=AWARDS_SECRETARIAT))
    # Staff who see personal data must have TOTP (force_login stands for a login with the code).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def make_nomination(category, user_factory):
    """A nomination brought to ``status`` through the services (as users would)."""

    def make(status=NominationStatus.SUBMITTED, nominator=None, name="Nguyễn Thị Anh Thi",
             organisation="UBND thành phố Đà Nẵng", kind=NominationKind.OTHER, by=None,
             consent=True, category_=None):
        cat = category_ or category
        nominator = nominator or user_factory()
        nomination = services.create_nomination(cycle=cat.cycle, category=cat,
                                                nominator=nominator, kind=kind)
        services.update_nomination(
            nomination=nomination, by=nominator,
            data={"nominee_name": name, "nominee_position": "Phó Chủ tịch",
                  "nominee_organisation": organisation, "nominee_sector": cat.sector,
                  "nominee_email": "nominee@example.com", "summary": "Dẫn dắt chuyển đổi số.",
                  "achievements": "95% dịch vụ công trực tuyến toàn trình."},
            key_figures=[("Dịch vụ công trực tuyến toàn trình", "95%")],
        )
        if status == NominationStatus.DRAFT:
            return Nomination.objects.get(pk=nomination.pk)
        services.add_evidence(nomination=nomination, by=nominator,
                              upload=upload("minh-chung.pdf", pdf_bytes()))
        services.submit_nomination(nomination=nomination, by=nominator,
                                   eligibility_confirmed=True,
                                   self_consent=kind == NominationKind.SELF)
        if consent and kind == NominationKind.OTHER:
            Nomination.objects.filter(pk=nomination.pk).update(
                consent_state=ConsentState.GIVEN, consent_at=timezone.now())
        path = {
            NominationStatus.SUBMITTED: [],
            NominationStatus.ELIGIBLE: [NominationStatus.ELIGIBLE],
            NominationStatus.SHORTLISTED: [NominationStatus.ELIGIBLE,
                                           NominationStatus.SHORTLISTED],
            NominationStatus.FINALIST: [NominationStatus.ELIGIBLE, NominationStatus.SHORTLISTED,
                                        NominationStatus.FINALIST],
            NominationStatus.WINNER: [NominationStatus.ELIGIBLE, NominationStatus.SHORTLISTED,
                                      NominationStatus.FINALIST, NominationStatus.WINNER],
        }[status]
        for step in path:
            services.change_status(nomination=nomination, to=step, by=by)
        return Nomination.objects.get(pk=nomination.pk)

    return make


@pytest.fixture
def make_judge(category, user_factory):
    def make(email=None, organisation="Đại học Đà Nẵng", declare=True, category_=None,
             conflicts=()):
        cat = category_ or category
        judge = user_factory(email=email)
        CategoryJudge.objects.create(category=cat, user=judge)
        # A panel judge reads private evidence: they must use TOTP like staff.
        Authenticator.objects.create(user=judge, type=Authenticator.Type.TOTP,
                                     data={"secret": "JBSWY3DPEHPK3PXP"})
        if declare:
            services.declare_conflicts(cycle=cat.cycle, judge=judge, organisation=organisation,
                                       conflicts=conflicts)
        return judge

    return make


def assign(nomination, *judges):
    for judge in judges:
        JudgeAssignment.objects.create(nomination=nomination, judge=judge)
