"""The judge picker offers only accounts with the Judge role (or already on a panel), searchable
without accents; the panel refuses anyone else."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from conference.accounts.roles import JUDGE, sync_roles
from conference.awards.models import CategoryJudge

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/awards/judges/"


@pytest.fixture
def people(user_factory, category):
    sync_roles()
    judge = user_factory(email="giamkhao@example.com", first_name="Hà", last_name="Nguyễn Thu")
    judge.groups.add(Group.objects.get(name=JUDGE))
    invited = user_factory(email="moi@example.com", first_name="Minh", last_name="Lê Văn")
    CategoryJudge.objects.create(category=category, user=invited)
    attendee = user_factory(email="daibieu@example.com", first_name="An", last_name="Trần")
    return judge, invited, attendee


def test_chooser_lists_only_judges_and_searches_without_accents(client, secretariat, people):
    judge, invited, attendee = people
    client.force_login(secretariat)
    admin_client = client
    html = admin_client.get(CHOOSER).json()["html"]
    assert judge.email in html and invited.email in html
    assert attendee.email not in html
    found = admin_client.get(f"{CHOOSER}results/", {"q": "nguyen thu"}).content.decode()
    assert judge.email in found and invited.email not in found
    found = admin_client.get(f"{CHOOSER}results/", {"q": "MOI@"}).content.decode()
    assert invited.email in found and judge.email not in found


def test_panel_refuses_an_account_without_the_judge_role(people, category):
    judge, invited, attendee = people
    CategoryJudge(category=category, user=judge).clean()
    with pytest.raises(ValidationError) as error:
        CategoryJudge(category=category, user=attendee).clean()
    assert "vai trò Giám khảo" in str(error.value)


def test_category_form_uses_the_judge_chooser(client, secretariat, category, people):
    client.force_login(secretariat)
    page = client.get(f"/admin/awards/categories/edit/{category.pk}/").content.decode()
    assert "Chọn giám khảo" in page
    assert 'data-chooser-url="/admin/awards/judges/"' in page or CHOOSER in page
