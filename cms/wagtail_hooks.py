from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Edition


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "date"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["year", "name", "start_date", "end_date", "is_current"]


register_snippet(EditionViewSet)
