"""Public vote: verified accounts only, one vote per account and category, rate-limited, audited."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection

from conference.awards import services
from conference.awards.enums import NominationStatus
from conference.awards.models import Vote
from conference.common.models import AuditEntry

S = NominationStatus


@pytest.fixture
def voting(category, make_nomination, secretariat):
    category.public_vote_enabled = True
    category.public_vote_share = 20
    category.save()
    cache.clear()
    first = make_nomination(S.SHORTLISTED, by=secretariat)
    second = make_nomination(S.SHORTLISTED, by=secretariat, name="Trần Văn B")
    return first, second


def test_one_vote_per_account_and_category(voting, user_factory):
    first, second = voting
    voter = user_factory()
    vote = services.cast_vote(voter=voter, nomination=first, ip_address="198.51.100.7")
    with pytest.raises(services.AwardsError) as info:
        services.cast_vote(voter=voter, nomination=second)
    assert (info.value.code, info.value.status) == ("already_voted", 409)
    assert info.value.message == "Bạn đã bình chọn trong hạng mục này."
    assert list(Vote.objects.values_list("voter_id", "nomination_id")) == [(voter.pk, first.pk)]
    entry = AuditEntry.objects.get(action="awards.vote.cast")
    assert (entry.actor, entry.object_id, entry.ip_address) == (voter, str(vote.pk),
                                                                "198.51.100.7")


def test_unverified_accounts_cannot_vote(voting, user_factory):
    with pytest.raises(services.AwardsError) as info:
        services.cast_vote(voter=user_factory(verified=False), nomination=voting[0])
    assert info.value.code == "email_not_verified"
    assert not Vote.objects.exists()


def test_vote_only_where_enabled_and_for_shortlisted(voting, category, user_factory,
                                                      make_nomination, secretariat):
    eligible = make_nomination(S.ELIGIBLE, by=secretariat, name="Lê C")
    with pytest.raises(services.AwardsError) as info:
        services.cast_vote(voter=user_factory(), nomination=eligible)
    assert info.value.code == "not_votable"
    category.public_vote_enabled = False
    category.public_vote_share = 0
    category.save()
    with pytest.raises(services.AwardsError) as info:
        services.cast_vote(voter=user_factory(), nomination=voting[0])
    assert info.value.code == "no_vote"


def test_votes_are_rate_limited(voting, user_factory, settings):
    voter = user_factory(verified=False)
    codes = []
    for _ in range(services.VOTE_RATE[0] + 1):
        with pytest.raises(services.AwardsError) as info:
            services.cast_vote(voter=voter, nomination=voting[0])
        codes.append(info.value.code)
    assert codes == ["email_not_verified"] * services.VOTE_RATE[0] + ["rate_limited"]


def test_vote_view_answers_json(client, voting, user_factory):
    voter = user_factory()
    client.force_login(voter)
    url = f"/awards/nominations/{voting[0].pk}/vote/"
    first = client.post(url, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    again = client.post(url, HTTP_ACCEPT="application/json")
    assert again.status_code == 409
    assert again.json() == {"code": "already_voted",
                            "message": "Bạn đã bình chọn trong hạng mục này."}
    client.logout()
    assert client.post(url, HTTP_ACCEPT="application/json").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_from_one_account_count_once(voting, user_factory):
    first, second = voting
    voter = user_factory()
    barrier = threading.Barrier(6)
    outcomes = []

    def vote(nomination):
        try:
            barrier.wait()
            services.cast_vote(voter=voter, nomination=nomination)
            outcomes.append("ok")
        except services.AwardsError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(first if i % 2 else second,))
               for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_voted"] * 5 + ["ok"]
    assert Vote.objects.filter(voter=voter).count() == 1
    assert AuditEntry.objects.filter(action="awards.vote.cast").count() == 1
