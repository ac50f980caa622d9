"""Seating in the Wagtail admin: plans (a ModelViewSet with their sections, reserved blocks and
rank rules inline), the seating screen, and the charts and place cards to print."""

from django.db.models import ProtectedError, RestrictedError
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views
from .exceptions import SeatingError
from .models import SeatingPlan
from .services import build_section_seats


class _BuildsSeats:
    """After the plan and its sections are saved, (re)build each section's seats in the same
    transaction; a section that would lose an occupied seat refuses the whole save."""

    def save_instance(self):
        instance = super().save_instance()
        for section in instance.sections.all():
            build_section_seats(section=section, by=self.request.user)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except SeatingError as error:
            form.add_error(None, error.message)
        except (ProtectedError, RestrictedError):
            form.add_error(None, _("A section cannot be removed while people sit in it: free "
                                   "or move them first."))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class PlanCreateView(_BuildsSeats, generic.CreateView):
    pass


class PlanEditView(_BuildsSeats, generic.EditView):
    pass


class SeatingPlanViewSet(ModelViewSet):
    model = SeatingPlan
    icon = "table"
    add_to_admin_menu = False
    menu_label = gettext_lazy("Seating plans")
    list_display = ["name", "edition", "room", "locked_at"]
    list_filter = ["edition"]
    search_fields = ["name", "name_en"]
    copy_view_enabled = False
    add_view_class = PlanCreateView
    edit_view_class = PlanEditView


seating_plan_viewset = SeatingPlanViewSet("seating_plans")


@hooks.register("register_admin_viewset")
def register_plan_viewset():
    return seating_plan_viewset


@hooks.register("register_admin_menu_item")
def register_seating_menu():
    return SubmenuMenuItem(
        gettext_lazy("Seating"),
        Menu(items=[
            PermissionMenuItem(gettext_lazy("Seat people"), "seating_admin:plans",
                               permission="seating.see_seating", icon_name="table", order=100),
            PermissionMenuItem(gettext_lazy("Seating plans"),
                               seating_plan_viewset.get_url_name("index"),
                               permission="seating.arrange_seats", icon_name="cog", order=200),
        ]),
        icon_name="table",
        order=260,
    )


_admin_urls = [
    path("", admin_views.plans, name="plans"),
    path("<int:pk>/", admin_views.screen, name="screen"),
    path("<int:pk>/assign/", admin_views.assign, name="assign"),
    path("<int:pk>/seats/<int:seat_pk>/free/", admin_views.free, name="free"),
    path("<int:pk>/seats/<int:seat_pk>/reserve/", admin_views.reserve, name="reserve"),
    path("<int:pk>/rules/", admin_views.by_rules, name="by_rules"),
    path("<int:pk>/lock/", admin_views.lock, name="lock"),
    path("<int:pk>/chart.pdf", admin_views.chart_pdf, name="chart"),
    path("<int:pk>/place-cards.pdf", admin_views.place_cards_pdf, name="place_cards"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("seating/", include((_admin_urls, "seating_admin"), namespace="seating_admin"))]
