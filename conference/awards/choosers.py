"""The judge picker of a category's panel: a searchable chooser that offers only accounts with
the Judge role (and those already sitting on a panel, as invited judges).

Defined here (not in wagtail_hooks) because the panel's model names its widget; models are not
imported at module level, so that ``awards.models`` may import this module.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


def judge_candidates():
    """Active accounts with the Judge role, or already on a panel (invited as judges)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from conference.accounts.roles import JUDGE

    return get_user_model().objects.filter(
        Q(groups__name=JUDGE) | Q(award_panels__isnull=False), is_active=True
    ).distinct()


class JudgeSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Search by name or email"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or email")}))

    def filter(self, objects):
        from conference.common.text import fold

        query = fold(self.cleaned_data.get("q") or "").split()
        if not query:
            return objects
        self.is_searching = True
        self.search_query = self.cleaned_data["q"]
        # Accent-free: "nguyen" finds "Nguyễn". A panel's pool is small, so this runs in Python.
        return [user for user in objects
                if all(word in fold(f"{user.get_full_name()} {user.email}") for word in query)]


class JudgeChooseMixin:
    filter_form_class = JudgeSearchForm

    def get_object_list(self):
        return judge_candidates()

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Full name")
        return [title, Column("email", label=_("Email"))]


class JudgeChooseView(JudgeChooseMixin, ChooseView):
    pass


class JudgeChooseResultsView(JudgeChooseMixin, ChooseResultsView):
    pass


class JudgeChooserViewSet(ChooserViewSet):
    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = _("Choose a judge")
    choose_another_text = _("Choose another judge")
    page_title = _("Choose a judge")
    ordering = ["last_name", "first_name", "email"]
    per_page = 20
    choose_view_class = JudgeChooseView
    choose_results_view_class = JudgeChooseResultsView
    register_widget = False  # only the panel uses it, not every user field


judge_chooser_viewset = JudgeChooserViewSet("awards_judge_chooser", url_prefix="awards/judges")
