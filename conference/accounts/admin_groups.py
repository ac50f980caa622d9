"""The Wagtail admin's group views, listing each role under its translated label."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.views import groups

from .roles import role_label


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Name"),
            accessor=role_label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView
