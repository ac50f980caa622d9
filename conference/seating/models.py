"""Seating plans for the halls that need them: sections of rows of numbered seats, reserved
blocks, protocol rank rules and who sits where.

The guarantees live in PostgreSQL: ``one_person_per_seat`` (a seat of a plan holds one person)
and ``one_seat_per_person`` (a person has one seat in a plan), so that two organisers editing
the same plan at once can never seat two people on one chair, whatever the code above does.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from conference.common.i18n import localized
from conference.common.models import NFCMixin

from .enums import AssignedHow, BlockKind, Numbering


class SeatingPlan(NFCMixin, ClusterableModel):
    """The seating of one hall for one edition (the plenary, the awards ceremony)."""

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="seating_plans",
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    room = models.ForeignKey(
        "cms.Room", verbose_name=_("hall"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="seating_plans",
    )
    session = models.ForeignKey(
        "cms.Session", verbose_name=_("session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="seating_plans",
    )
    doors = models.ManyToManyField(
        "checkin.CheckinPoint", verbose_name=_("check-in points at its doors"), blank=True,
        related_name="seating_plans",
        help_text=_("The scanner at these points shows the person's seat with the green answer."),
    )
    categories = models.ManyToManyField(
        "registration.Category", verbose_name=_("categories seated"), blank=True,
        related_name="seating_plans",
        help_text=_("Who the rules seat here. Leave empty for every category of the edition."),
    )
    on_badge = models.BooleanField(
        _("print the seat on badges"), default=True,
        help_text=_("Badges printed after a seat is assigned show it."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("locked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    nfc_fields = ("name", "name_en")

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("room"), FieldPanel("session")]),
        FieldPanel("doors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("on_badge"), FieldPanel("sort_order")]),
        InlinePanel("sections", heading=pgettext_lazy("seating", "Sections"),
                    label=pgettext_lazy("seating", "Section"), min_num=1),
        InlinePanel("blocks", heading=_("Reserved blocks"), label=_("Reserved block")),
        InlinePanel("rank_rules", heading=_("Protocol order"), label=_("Rank rule")),
    ]

    class Meta:
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")
        ordering = ["edition", "sort_order", "id"]
        permissions = [("arrange_seating", _("Can assign seats and lock seating plans"))]

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Section(NFCMixin, models.Model):
    """A block of rows in the hall (left, centre, right), laid out left to right on the plan."""

    plan = ParentalKey(SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                       related_name="sections")
    name = models.CharField(_("name (Vietnamese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    first_row = models.CharField(
        _("first row"), max_length=2, default="A",
        help_text=_("The letter of the row nearest the stage; the next rows follow it."),
    )
    rows = models.PositiveSmallIntegerField(_("rows"), default=5)
    seats_per_row = models.PositiveSmallIntegerField(_("seats per row"), default=10)
    first_number = models.PositiveSmallIntegerField(_("first seat number"), default=1)
    numbering = models.CharField(_("numbering"), max_length=10, choices=Numbering.choices,
                                 default=Numbering.LEFT_TO_RIGHT)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sections are drawn left to right in this order.")
    )

    nfc_fields = ("name", "name_en")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("first_row"), FieldPanel("rows"), FieldPanel("seats_per_row"),
                       FieldPanel("first_number"), FieldPanel("numbering")]),
    ]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rows__gte=1, rows__lte=60),
                                   name="section_rows_range"),
            models.CheckConstraint(
                condition=models.Q(seats_per_row__gte=1, seats_per_row__lte=80),
                name="section_seats_range",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class Block(NFCMixin, ClusterableModel):
    """Seats reserved for a kind of guest: VIP rows, a delegation, the press, the speakers.

    The rules seat the people a block names (a protocol rank or better, its categories, or a
    delegation's organisation) in its seats first, and nobody else there.
    """

    plan = ParentalKey(SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                       related_name="blocks")
    kind = models.CharField(_("kind"), max_length=12, choices=BlockKind.choices,
                            default=BlockKind.VIP)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    categories = ParentalManyToManyField(
        "registration.Category", verbose_name=_("for categories"), blank=True, related_name="+",
    )
    organisation = models.CharField(
        _("for the delegation of"), max_length=255, blank=True,
        help_text=_("For a delegation block: the organisation whose members sit here."),
    )
    up_to_rank = models.PositiveSmallIntegerField(
        _("for protocol ranks up to"), null=True, blank=True,
        help_text=_("For VIP rows: people whose protocol rank is this or better sit here."),
    )
    colour = models.CharField(_("colour"), max_length=7, default="#B91C1C")

    nfc_fields = ("name", "name_en", "organisation")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("name_en"),
                       FieldPanel("colour")]),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("up_to_rank"), FieldPanel("organisation")]),
    ]

    class Meta:
        verbose_name = _("reserved block")
        verbose_name_plural = _("reserved blocks")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return localized(self, "name")


class Seat(models.Model):
    """One chair: its row letter and number as printed on it, and where it is on the plan."""

    plan = models.ForeignKey(SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="seats")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE,
                                related_name="seats")
    row = models.CharField(pgettext_lazy("seating", "row"), max_length=4)
    row_index = models.PositiveSmallIntegerField(_("row from the stage"))
    number = models.PositiveSmallIntegerField(_("seat number"))
    column = models.PositiveSmallIntegerField(_("position in the row"))
    block = models.ForeignKey(Block, verbose_name=_("reserved block"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="seats")
    usable = models.BooleanField(_("usable"), default=True,
                                 help_text=_("Untick for a broken seat or a camera platform."))

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = pgettext_lazy("seating", "seats")
        ordering = ["plan", "row_index", "section__sort_order", "column"]
        constraints = [
            models.UniqueConstraint(fields=["section", "row", "number"],
                                    name="seat_number_per_row"),
        ]

    def __str__(self) -> str:
        return seat_label(self)


def seat_label(seat: Seat, *, with_section: bool = False) -> str:
    """"Hàng A, ghế 5" / "Row A, seat 5" in the active language."""
    label = gettext("Row %(row)s, seat %(number)s") % {"row": seat.row, "number": seat.number}
    if with_section:
        return f"{localized(seat.section, 'name')} · {label}"
    return label


class RankRule(models.Model):
    """Protocol order: people matching a lower rank sit first, nearest the stage.

    A rule matches a category, words in the person's position ("Bộ trưởng", "Chủ tịch"), or
    both; a person takes the lowest rank of the rules they match.
    """

    plan = ParentalKey(SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                       related_name="rank_rules")
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 sits first."))
    category = models.ForeignKey(
        "registration.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    position_contains = models.CharField(
        _("position contains"), max_length=120, blank=True,
        help_text=_("Words of the position or title, accents and case ignored."),
    )

    panels = [FieldRowPanel([FieldPanel("rank"), FieldPanel("category"),
                             FieldPanel("position_contains")])]

    class Meta:
        verbose_name = _("protocol rank rule")
        verbose_name_plural = _("protocol rank rules")
        ordering = ["plan", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category__isnull=True, position_contains=""),
                name="rank_rule_matches_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.category or ''} {self.position_contains}".strip()


class SeatAssignment(models.Model):
    """A person on a seat of a plan."""

    plan = models.ForeignKey(SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="assignments")
    # RESTRICT: a section cannot be deleted while people sit in it; deleting the whole plan
    # (which cascades to its assignments too) still can.
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.RESTRICT,
                             related_name="assignments")
    attendee = models.ForeignKey(
        "registration.Attendee", verbose_name=_("attendee"), on_delete=models.CASCADE,
        related_name="seat_assignments",
    )
    how = models.CharField(_("assigned"), max_length=8, choices=AssignedHow.choices,
                           default=AssignedHow.HAND)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)

    class Meta:
        verbose_name = _("seat assignment")
        verbose_name_plural = _("seat assignments")
        constraints = [
            models.UniqueConstraint(fields=["plan", "seat"], name="one_person_per_seat"),
            models.UniqueConstraint(fields=["plan", "attendee"], name="one_seat_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee} · {self.seat}"
