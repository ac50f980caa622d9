from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .forms import SessionForm, SessionMaterialForm
from .models import Edition, Partner, Room, Session, SessionMaterial, Speaker, Theme


class SnippetViewSet(WagtailSnippetViewSet):
    """Wagtail's, with its breadcrumbs translated per request. Wagtail writes "Home" and
    "Snippets" with gettext while the admin's URLs load, so the language of the first request
    after a start would decide those words for every organiser until the next restart."""

    @property
    def breadcrumbs_items(self):
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
        if (getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
                or not self.get_menu_item_is_registered()):
            items.append({"url": reverse_lazy("wagtailsnippets:index"), "label": _("Snippets")})
        return items


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "date"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["year", "name", "start_date", "end_date", "is_current"]


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "time"
    menu_label = _("Sessions")
    list_display = ["title", "start", "end", "room", "kind"]
    list_filter = ["edition", "kind", "room", "live"]
    search_fields = ["title", "title_en"]
    ordering = ["start", "room__sort_order"]
    edit_handler = ObjectList(Session.panels, base_form_class=SessionForm)


class SessionMaterialViewSet(SnippetViewSet):
    model = SessionMaterial
    icon = "doc-full"
    menu_label = _("Slides and recordings")
    list_display = ["session", "kind", "title", "url"]
    list_filter = ["kind", "session__edition"]
    search_fields = ["title", "title_en", "url"]
    edit_handler = ObjectList(SessionMaterial.panels, base_form_class=SessionMaterialForm)


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "position", "organisation", "country", "featured"]
    list_filter = ["edition", "featured", "country"]
    search_fields = ["name", "organisation", "search_text"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "colour", "sort_order"]
    list_filter = ["edition"]


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "home"
    menu_label = _("Rooms")
    list_display = ["name", "floor", "capacity", "sort_order"]
    list_filter = ["edition"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "kind", "url", "sort_order"]
    list_filter = ["edition", "kind"]


class AgendaGroup(SnippetViewSetGroup):
    menu_label = _("Agenda")
    menu_icon = "calendar-alt"
    menu_order = 110
    items = (SessionViewSet, SessionMaterialViewSet, SpeakerViewSet, ThemeViewSet, RoomViewSet,
             PartnerViewSet)


register_snippet(EditionViewSet)
register_snippet(AgendaGroup)


@hooks.register("before_serve_page")
def page_cache_every_public_page(page, request, serve_args, serve_kwargs):
    """A served page is the same for every anonymous visitor: the page cache may keep it.

    Whether it does is decided on the response (no cookie set, no CSRF token, not private): see
    cms/pagecache.py. Wagtail's view restrictions answer before the page renders.
    """
    from .pagecache import mark_public

    mark_public(request)


@hooks.register("register_admin_urls")
def register_speaker_change_urls():
    from django.urls import include, path

    from . import admin_views

    patterns = [
        path("", admin_views.index, name="index"),
        path("<int:pk>/decide/", admin_views.decide, name="decide"),
        path("<int:pk>/<str:which>/", admin_views.change_file, name="file"),
        path("link/<int:speaker_id>/", admin_views.speaker_link, name="link"),
    ]
    return [path("speaker-changes/", include((patterns, "cms_speaker_changes"),
                                              namespace="cms_speaker_changes"))]


@hooks.register("register_admin_menu_item")
def register_speaker_changes_menu_item():
    from conference.common.admin_menu import PermissionMenuItem

    return PermissionMenuItem(_("Speakers' changes"), "cms_speaker_changes:index",
                              permission="cms.review_speaker_changes", icon_name="user",
                              name="speaker-changes", order=115)
