"""Race-safety on real PostgreSQL transactions: threads, each with its own connection."""

import threading

import pytest
from django.db import connection, connections

from checkin.enums import ScanResult
from checkin.models import Scan
from checkin.services import perform_scan

from .conftest import nonce

pytestmark = pytest.mark.django_db(transaction=True)


def _run_concurrently(jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def work(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # reported below, so a failure is not silent
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_twenty_concurrent_scans_of_one_badge_from_several_devices_admit_exactly_one(
    attendee_factory, point_factory, device_factory
):
    attendee = attendee_factory()
    point = point_factory(once=True)
    devices = [device_factory(name=f"Cửa {i}") for i in range(5)]
    code = attendee.badge.code
    jobs = [
        (lambda d=devices[i % 5]: perform_scan(code=code, point=point, device=d, nonce=nonce(),
                                               scanned_at=None, by=None).result)
        for i in range(20)
    ]
    results = _run_concurrently(jobs)
    assert sorted(results).count(ScanResult.ADMITTED) == 1
    assert results.count(ScanResult.ALREADY_CHECKED_IN) == 19
    assert Scan.objects.filter(result=ScanResult.ADMITTED).count() == 1
    assert Scan.objects.count() == 20


def test_concurrent_retries_of_one_nonce_record_one_scan(
    attendee_factory, point_factory, device_factory
):
    attendee = attendee_factory()
    point, device = point_factory(once=False), device_factory()
    jobs = [
        (lambda: perform_scan(code=attendee.badge.code, point=point, device=device,
                              nonce="same-nonce-123", scanned_at=None, by=None).scan.pk)
        for _ in range(8)
    ]
    results = _run_concurrently(jobs)
    assert len(set(results)) == 1
    assert Scan.objects.count() == 1


def test_database_refuses_a_second_open_admission(attendee_factory, point_factory,
                                                  device_factory):
    """The constraint backs the lock: even a write that skips perform_scan cannot admit twice."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    attendee = attendee_factory()
    point, device = point_factory(once=True), device_factory()
    perform_scan(code=attendee.badge.code, point=point, device=device, nonce=nonce(),
                 scanned_at=None, by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scan.objects.create(point=point, device=device, nonce=nonce(), attendee=attendee,
                            result=ScanResult.ADMITTED, direction="entry", counts_once=True,
                            scanned_at=timezone.now())


@pytest.mark.parametrize("once", [True, False])
def test_a_scan_costs_two_queries(once, attendee_factory, point_factory, device_factory,
                                  django_assert_num_queries):
    """DESIGN §4 allows four; the decision reads once (prepared) and writes once."""
    attendee = attendee_factory()
    point, device = point_factory(once=once), device_factory()
    perform_scan(code=attendee.badge.code, point=point, device=device, nonce=nonce(),
                 scanned_at=None, by=None)
    assert connection.in_atomic_block is False
    expected = [
        (attendee.badge.code, 2, ScanResult.ALREADY_CHECKED_IN if once else ScanResult.ADMITTED),
        ("A" * 22, 2, ScanResult.UNKNOWN),
        ("garbage!", 1, ScanResult.MALFORMED),  # not looked up at all
    ]
    for code, queries, result in expected:
        with django_assert_num_queries(queries):
            answer = perform_scan(code=code, point=point, device=device, nonce=nonce(),
                                  scanned_at=None, by=None)
        assert answer.result == result
