import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from conference.common.i18n import localized

from ..blocks import body_field


class Edition(index.Indexed, models.Model):
    """One year of the conference. Agenda, registration, check-in and awards hang off it.

    Not translated: dates and the venue's identity are the same in both languages, and every
    transactional record (registrations, scans, nominations) points at this one row. The public
    text of an edition (tagline, introduction) lives on its translatable EditionPage.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue (Vietnamese)"), max_length=255)
    venue_en = models.CharField(_("venue (English)"), max_length=255, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    is_current = models.BooleanField(
        _("current edition"),
        default=False,
        help_text=_("The edition the home page, registration and scanners use."),
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("is_current")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("venue_en")]),
        FieldPanel("venue_address"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_en")]

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="edition_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_edition",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name") or str(self.year)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    @property
    def display_venue(self) -> str:
        return localized(self, "venue")

    @classmethod
    def current(cls) -> "Edition | None":
        return cls.objects.filter(is_current=True).first() or cls.objects.first()


class HomePage(Page):
    """The site's root page: it presents the current edition."""

    # Shows records edited elsewhere: purged from the front cache when they change.
    lists_public_content = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.EditionPage", "cms.StandardPage", "cms.AgendaPage", "cms.NewsIndexPage"]
    max_count_per_parent = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")

    @cached_property
    def edition(self) -> Edition | None:
        return Edition.current()

    def get_context(self, request, *args, **kwargs):
        from cms import queries

        context = super().get_context(request, *args, **kwargs)
        context["edition"] = self.edition
        context["edition_page"] = (
            EditionPage.objects.live().filter(locale=self.locale, edition=self.edition).first()
            if self.edition
            else None
        )
        if self.edition:
            context.update(queries.cached_home_sections(edition=self.edition, locale=self.locale))
        return context


class EditionPage(Page):
    """The public page of one edition: its dates, venue and tagline, in each language."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="pages"
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("edition"), FieldPanel("tagline")], heading=_("Edition")),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("tagline"), index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    template = "cms/edition_page.html"

    class Meta:
        verbose_name = _("edition page")


class StandardPage(Page):
    """About, venue and travel, and other editorial pages."""

    body = body_field()

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    """The list of news articles, newest first."""

    lists_public_content = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1
    template = "cms/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsPage.objects.live().child_of(self).order_by("-date", "-first_published_at")
        )
        context["articles"] = Paginator(articles, 12).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A news article."""

    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.CharField(_("summary"), max_length=400, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = body_field()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("image")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    template = "cms/news_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
