"""A judge who sits on a category panel sees private evidence: they need TOTP like any staff
member, even without the Judge group (issue #12.1)."""

from allauth.mfa.models import Authenticator

from conference.awards.enums import NominationStatus as S

from .conftest import assign

PASSWORD = "a-Strong-passw0rd"


def test_a_panel_only_judge_is_sent_to_totp_setup_and_cannot_read_evidence(
    client, make_nomination, make_judge, secretariat
):
    nomination = make_nomination(S.ELIGIBLE, by=secretariat)
    judge = make_judge()
    assign(nomination, judge)
    assert not judge.groups.exists()
    Authenticator.objects.filter(user=judge).delete()
    evidence = nomination.evidence.get()
    url = f"/awards/nominations/{nomination.pk}/evidence/{evidence.pk}/"

    response = client.post("/accounts/login/", {"login": judge.email, "password": PASSWORD})
    assert response.status_code == 302
    download = client.get(url)
    assert download.status_code == 302
    assert download.url == f"/accounts/2fa/totp/activate/?next={url}"
    assert client.get(f"/awards/judging/nominations/{nomination.pk}/").status_code == 302


def test_a_panel_judge_with_totp_reads_evidence_after_the_code(
    client, make_nomination, make_judge, secretariat
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.accounts.test_mfa import current_code

    nomination = make_nomination(S.ELIGIBLE, by=secretariat)
    judge = make_judge()
    assign(nomination, judge)
    Authenticator.objects.filter(user=judge).delete()
    secret = generate_totp_secret()
    TOTP.activate(judge, secret)
    evidence = nomination.evidence.get()
    url = f"/awards/nominations/{nomination.pk}/evidence/{evidence.pk}/"

    response = client.post("/accounts/login/", {"login": judge.email, "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get(url).status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.get(url).status_code == 200
