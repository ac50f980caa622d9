"""Wagtail's users app, configured so that its group listing shows roles by their label."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    # Wagtail's documented way to customise the group views (a dotted path, loaded lazily).
    group_viewset = "conference.accounts.admin_groups.GroupViewSet"
