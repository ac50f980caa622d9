"""The awards in the Wagtail admin: cycles, categories with their rubric and judges, nominations.

Screening, judge assignment, results and publication happen on the secretariat's desk
(``awards:secretariat``), linked from the menu; these viewsets hold the structured records.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from conference.common.admin_menu import PermissionMenuItem

from .choosers import judge_chooser_viewset
from .models import AwardCategory, AwardCycle, Certificate, Nomination


class AwardCycleViewSet(ModelViewSet):
    name = "awards_cycles"
    url_prefix = "awards/cycles"
    model = AwardCycle
    icon = "date"
    menu_label = _("Cycles")
    list_display = ["name", "edition", "nominations_open", "nominations_close",
                    "results_published_at"]
    inspect_view_enabled = True


class AwardCategoryViewSet(ModelViewSet):
    name = "awards_categories"
    url_prefix = "awards/categories"
    model = AwardCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories and rubrics")
    list_display = ["name", "cycle", "sector", "accepts_nominations", "public_vote_share"]
    list_filter = ["cycle"]
    inspect_view_enabled = True


class NominationViewSet(ModelViewSet):
    name = "awards_nominations"
    url_prefix = "awards/nominations"
    model = Nomination
    icon = "user"
    menu_label = _("Nominations")
    list_display = ["nominee_name", "nominee_organisation", "category", "status",
                    "consent_state", "submitted_at"]
    list_filter = ["status", "category", "consent_state"]
    search_fields = ["nominee_search"]
    # Status changes go through the secretariat's desk (the status machine, audit, emails);
    # here only the published citation can be edited.
    form_fields = ["citation", "citation_en", "decision_note"]
    add_view_enabled = False
    inspect_view_enabled = True


class CertificateViewSet(ModelViewSet):
    name = "awards_certificates"
    url_prefix = "awards/certificates"
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    list_display = ["code", "nomination", "title", "issued_at", "revoked_at"]
    form_fields = ["revoked_at"]
    add_view_enabled = False
    inspect_view_enabled = True


class AwardsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Awards")
    menu_icon = "pick"
    menu_order = 300
    items = (AwardCycleViewSet, AwardCategoryViewSet, NominationViewSet, CertificateViewSet)


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_judge_chooser():
    return judge_chooser_viewset


@hooks.register("register_admin_menu_item")
def register_secretariat_desk():
    return PermissionMenuItem(_("Awards desk"), "awards:secretariat",
                              permission="awards.manage_awards", icon_name="tasks", order=301)
