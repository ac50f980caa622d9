"""Award cycles, categories and rubrics, nominations, judging, votes and certificates.

Structured records keep a Vietnamese field and an English twin (``name``/``name_en``), shown with
``localized``. Evidence files live in the private storage (outside the web root) and are served by
a view that checks who is asking.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from conference.common.i18n import localized
from conference.common.models import NFCMixin
from conference.common.storage import private_storage
from conference.common.text import fold

from .choosers import judge_chooser_viewset
from .enums import ConsentState, NominationKind, NominationStatus, Sector


class AwardCycle(models.Model):
    """One year's award ("Lãnh đạo chuyển đổi số tiêu biểu 2024"), attached to an edition."""

    edition = models.OneToOneField(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="award_cycle",
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    introduction = models.TextField(_("introduction (Vietnamese)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    eligibility = models.TextField(
        _("eligibility rules (Vietnamese)"), blank=True,
        help_text=_("Shown to every nominator before they start."),
    )
    eligibility_en = models.TextField(_("eligibility rules (English)"), blank=True)
    nominations_open = models.DateTimeField(_("nominations open"))
    nominations_close = models.DateTimeField(_("nominations close"))
    judging_open = models.DateTimeField(_("judging opens"))
    judging_close = models.DateTimeField(_("judging closes"))
    voting_open = models.DateTimeField(_("public vote opens"), null=True, blank=True)
    voting_close = models.DateTimeField(_("public vote closes"), null=True, blank=True)
    judges_per_nomination = models.PositiveSmallIntegerField(
        _("judges per nomination"), default=3,
        help_text=_("Every nomination gets exactly this many judges."),
    )
    normalise_scores = models.BooleanField(
        _("normalise judges' scores (z-scores)"), default=False,
        help_text=_("So that a harsh and a generous judge weigh the same."),
    )
    max_evidence_files = models.PositiveSmallIntegerField(_("evidence files per nomination"),
                                                          default=5)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # Nominators and nominees learn the outcome only when the secretariat releases it.
    results_released_at = models.DateTimeField(_("outcome e-mailed"), null=True, blank=True)

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("introduction"), FieldPanel("introduction_en")]),
        FieldRowPanel([FieldPanel("eligibility"), FieldPanel("eligibility_en")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nominations_open"), FieldPanel("nominations_close")]),
                FieldRowPanel([FieldPanel("judging_open"), FieldPanel("judging_close")]),
                FieldRowPanel([FieldPanel("voting_open"), FieldPanel("voting_close")]),
            ],
            heading=_("Dates"),
        ),
        FieldRowPanel([FieldPanel("judges_per_nomination"), FieldPanel("normalise_scores"),
                       FieldPanel("max_evidence_files")]),
    ]

    class Meta:
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        ordering = ["-nominations_open"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close__gt=F("nominations_open")),
                name="awards_cycle_nominations_dates",
            ),
            models.CheckConstraint(
                condition=Q(judging_close__gt=F("judging_open")),
                name="awards_cycle_judging_dates",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def clean(self):
        errors = {}
        if self.nominations_open and self.nominations_close and (
            self.nominations_close <= self.nominations_open
        ):
            errors["nominations_close"] = _("Nominations must close after they open.")
        if self.judging_open and self.judging_close and self.judging_close <= self.judging_open:
            errors["judging_close"] = _("Judging must close after it opens.")
        if self.voting_open and self.voting_close and self.voting_close <= self.voting_open:
            errors["voting_close"] = _("The public vote must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def nominations_are_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.nominations_open <= now < self.nominations_close

    def judging_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.judging_open <= now < self.judging_close

    def voting_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.voting_open and self.voting_close and self.voting_open <= now < self.voting_close
        )

    @classmethod
    def current(cls) -> "AwardCycle | None":
        from cms.models import Edition

        edition = Edition.current()
        return cls.objects.filter(edition=edition).first() if edition else None


class AwardCategory(ClusterableModel):
    """A category of the cycle with its own eligibility, rubric and judges."""

    cycle = models.ForeignKey(AwardCycle, verbose_name=_("cycle"), on_delete=models.PROTECT,
                              related_name="categories")
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eligibility = models.TextField(_("eligibility rules (Vietnamese)"), blank=True)
    eligibility_en = models.TextField(_("eligibility rules (English)"), blank=True)
    sector = models.CharField(
        _("reserved for sector"), max_length=20, choices=Sector.choices, blank=True,
        help_text=_("Leave empty to accept nominees from every sector."),
    )
    accepts_nominations = models.BooleanField(_("accepts nominations"), default=True)
    max_winners = models.PositiveSmallIntegerField(_("winners at most"), default=5)
    public_vote_enabled = models.BooleanField(_("public vote"), default=False)
    public_vote_share = models.PositiveSmallIntegerField(
        _("public vote share (%)"), default=0,
        help_text=_("Share of the final result given to the public vote (0 to 100)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("cycle"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]),
        FieldRowPanel([FieldPanel("eligibility"), FieldPanel("eligibility_en")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("accepts_nominations"),
                       FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("max_winners"), FieldPanel("public_vote_enabled"),
                       FieldPanel("public_vote_share")]),
        InlinePanel("criteria", heading=_("Rubric"), label=_("criterion")),
        InlinePanel("judges", heading=_("Judges"), label=_("judge")),
    ]

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["cycle", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(public_vote_share__lte=100),
                                   name="awards_category_vote_share_percent"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def clean(self):
        if self.public_vote_share and not self.public_vote_enabled:
            raise ValidationError(
                {"public_vote_share": _("Enable the public vote to give it a share.")}
            )


class Criterion(Orderable):
    """One line of a category's rubric. Shown-only criteria guide judges but do not count."""

    category = ParentalKey(AwardCategory, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    guidance = models.TextField(_("guidance (Vietnamese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    scale_min = models.SmallIntegerField(_("lowest score"), default=0)
    scale_max = models.SmallIntegerField(_("highest score"), default=10)
    required = models.BooleanField(_("required"), default=True)
    counted = models.BooleanField(
        _("counted in the result"), default=True,
        help_text=_("Untick for a criterion judges answer but that does not count."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("guidance"), FieldPanel("guidance_en")]),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_min"), FieldPanel("scale_max")]),
        FieldRowPanel([FieldPanel("required"), FieldPanel("counted")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")),
                                   name="awards_criterion_scale"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="awards_criterion_weight"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def clean(self):
        if self.scale_min is not None and self.scale_max is not None and (
            self.scale_max <= self.scale_min
        ):
            raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})


class CategoryJudge(Orderable):
    """A judge of a category's panel; assignments to nominations are computed from these."""

    category = ParentalKey(AwardCategory, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"),
                             on_delete=models.PROTECT, related_name="award_panels")

    panels = [FieldPanel("user", widget=judge_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("category judge")
        verbose_name_plural = _("category judges")
        constraints = [
            models.UniqueConstraint(fields=["category", "user"], name="awards_judge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.category}"

    def clean(self):
        from .choosers import judge_candidates

        if self.user_id and not judge_candidates().filter(pk=self.user_id).exists():
            raise ValidationError({"user": _(
                "Only an account with the Judge role can sit on a panel: give this account the "
                "Judge role first."
            )})


class Nomination(NFCMixin, models.Model):
    """A nominee put forward in a category, with their record and evidence."""

    cycle = models.ForeignKey(AwardCycle, verbose_name=_("cycle"), on_delete=models.PROTECT,
                              related_name="nominations")
    category = models.ForeignKey(AwardCategory, verbose_name=_("category"),
                                 on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominator"),
                                  on_delete=models.PROTECT, related_name="award_nominations")
    kind = models.CharField(_("who is nominated"), max_length=10, choices=NominationKind.choices,
                            default=NominationKind.OTHER)
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.DRAFT, db_index=True)
    language = models.CharField(_("nominator's language"), max_length=8, default="vi")

    nominee_name = models.CharField(_("nominee's full name"), max_length=200)
    nominee_position = models.CharField(_("position"), max_length=255, blank=True)
    nominee_organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    nominee_sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices,
                                      blank=True)
    nominee_email = models.EmailField(_("nominee's email"), blank=True)
    nominee_phone = models.CharField(_("nominee's phone"), max_length=32, blank=True)
    nominee_search = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    organisation_folded = models.CharField(max_length=255, blank=True, editable=False,
                                           db_index=True)

    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("Two or three sentences: why this leader?"))
    achievements = models.TextField(_("achievements"), blank=True)
    citation = models.TextField(_("published citation (Vietnamese)"), blank=True)
    citation_en = models.TextField(_("published citation (English)"), blank=True)

    consent_state = models.CharField(_("nominee's consent"), max_length=12,
                                     choices=ConsentState.choices, default=ConsentState.PENDING)
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    eligibility_confirmed = models.BooleanField(_("eligibility confirmed by nominator"),
                                                default=False)

    ineligible_reason = models.TextField(_("reason for ineligibility"), blank=True)
    decision_note = models.TextField(_("secretariat note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    nominee_language = models.CharField(_("nominee's language"), max_length=8, blank=True)
    outcome_sent_at = models.DateTimeField(_("outcome e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["category__sort_order", "nominee_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ineligible") | ~Q(ineligible_reason=""),
                name="awards_ineligible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_name or str(_("Nomination %(number)s") % {"number": self.pk})

    nfc_fields = ("nominee_name", "nominee_position", "nominee_organisation")

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        self.nominee_email = (self.nominee_email or "").strip().lower()
        self.organisation_folded = fold(self.nominee_organisation)[:255]
        self.nominee_search = fold(
            f"{self.nominee_name} {self.nominee_organisation} {self.nominee_email}"
        )[:500]
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status != NominationStatus.DRAFT

    @property
    def outcome_is_released(self) -> bool:
        """Whether the nominator may see the status: screening and judging stay private until
        the secretariat e-mails the outcome (or for a draft, or one just submitted)."""
        return self.status in (NominationStatus.DRAFT, NominationStatus.SUBMITTED) or (
            self.outcome_sent_at is not None
        )

    @property
    def reference(self) -> str:
        return f"LD-{self.cycle.edition.year}-{self.pk:04d}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination", args=[self.pk])


class KeyFigure(models.Model):
    """A figure that shows the leader's results ("95% of public services fully online")."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE,
                                   related_name="key_figures")
    label = models.CharField(_("what"), max_length=200)
    value = models.CharField(_("figure"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


def _evidence_path(instance, filename: str) -> str:
    # The stored name is random: the uploaded name is kept only as metadata.
    import secrets

    return f"awards/evidence/{instance.nomination_id}/{secrets.token_hex(16)}{instance.extension}"


class EvidenceFile(models.Model):
    """A PDF or image supporting a nomination, in the private storage."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path, storage=private_storage,
                            max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
                "image/webp": ".webp"}.get(self.content_type, ".bin")


class JudgeDeclaration(NFCMixin, models.Model):
    """A judge's statement of their organisation and conflicts of interest for a cycle.

    Judges make it before they see any nomination; assignments never pair a judge with a nominee
    they declared, nor with a nominee of their own organisation (compared folded).
    """

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="declarations")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="award_declarations")
    organisation = models.CharField(_("your organisation"), max_length=255)
    organisation_folded = models.CharField(max_length=255, editable=False, db_index=True)
    statement = models.TextField(_("other interests to declare"), blank=True)
    conflicts = models.ManyToManyField(Nomination, blank=True, related_name="conflicted_judges",
                                       verbose_name=_("conflicts of interest"))
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "judge"], name="awards_declaration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.cycle}"

    nfc_fields = ("organisation",)

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        self.organisation_folded = fold(self.organisation)[:255]
        super().save(*args, **kwargs)


class JudgeAssignment(models.Model):
    """A judge asked to score one nomination. Submitted scores are final."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE,
                                   related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="award_assignments")
    comment = models.TextField(_("overall comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["nomination", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge"], name="awards_assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.nomination}"


class Score(models.Model):
    assignment = models.ForeignKey(JudgeAssignment, on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="awards_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Vote(models.Model):
    """A public vote: one per verified account and category (a database constraint)."""

    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="award_votes")
    created_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("public vote")
        verbose_name_plural = _("public votes")
        constraints = [
            models.UniqueConstraint(fields=["category", "voter"], name="awards_one_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.nomination_id}"


class Certificate(models.Model):
    """A winner's or finalist's certificate; its random code opens the verification page."""

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT,
                                      related_name="certificate")
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("distinction"), max_length=20, choices=[
        (NominationStatus.WINNER, _("Winner")), (NominationStatus.FINALIST, _("Finalist")),
    ])
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("awards:verify", args=[self.code])


class AwardsPage(Page):
    """The public page of the award: categories, and once published, winners and finalists."""

    lists_public_content = True  # purged from the front cache when results are published

    intro = RichTextField(_("introduction"), blank=True)
    cycle = models.ForeignKey(
        AwardCycle, verbose_name=_("cycle"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Leave empty for the current edition's cycle."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("cycle")]
    parent_page_types = ["cms.EditionPage", "cms.StandardPage"]
    template = "awards/awards_page.html"

    class Meta:
        verbose_name = _("awards page")

    def get_context(self, request, *args, **kwargs):
        from .queries import published_laureates

        context = super().get_context(request, *args, **kwargs)
        cycle = self.cycle or AwardCycle.current()
        context["cycle"] = cycle
        context["categories"] = published_laureates(cycle) if cycle else []
        return context
