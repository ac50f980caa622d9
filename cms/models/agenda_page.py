from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .pages import Edition


class AgendaPage(RoutablePageMixin, Page):
    """The programme of one edition, in each language.

    Sessions, speakers and rooms are snippets shared by both languages; this page only holds the
    introduction and serves the views below (by day, grid, by theme, session, speaker, now/next,
    my agenda). The views live in ``cms.agenda_views`` so that this model stays a model.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="agenda_pages", help_text=_("Leave empty to show the current edition."),
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("edition"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    # Shows sessions, speakers, rooms: purged from the front cache when they change.
    lists_public_content = True

    def get_cached_paths(self):
        """The views a front cache keeps (filtered variants expire with their max-age)."""
        return ["/", "/grid/", "/themes/", "/speakers/", "/now/"]

    class Meta:
        verbose_name = _("agenda page")

    @cached_property
    def agenda_edition(self) -> Edition | None:
        if self.edition_id:
            return self.edition
        return Edition.current()

    @path("", name="index")
    def by_day(self, request):
        from cms import agenda_views

        return agenda_views.by_day(request, self)

    @path("grid/", name="grid")
    def grid(self, request):
        from cms import agenda_views

        return agenda_views.grid(request, self)

    @path("themes/", name="themes")
    def by_theme(self, request):
        from cms import agenda_views

        return agenda_views.by_theme(request, self)

    @path("sessions/<int:pk>/", name="session")
    def session(self, request, pk):
        from cms import agenda_views

        return agenda_views.session_detail(request, self, pk)

    @path("speakers/", name="speakers")
    def speakers(self, request):
        from cms import agenda_views

        return agenda_views.speaker_index(request, self)

    @path("speakers/<int:pk>/", name="speaker")
    def speaker(self, request, pk):
        from cms import agenda_views

        return agenda_views.speaker_detail(request, self, pk)

    @path("now/", name="now")
    def now_and_next(self, request):
        from cms import agenda_views

        return agenda_views.now_and_next(request, self)

    @path("my/", name="my")
    def my_agenda(self, request):
        from cms import agenda_views

        return agenda_views.my_agenda(request, self)
