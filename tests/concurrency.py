"""Real concurrent transactions on PostgreSQL for the race tests: each job runs in its own thread
(and so its own database connection), and all of them start together at a barrier."""

import threading

from django.db import connection

from conference.common.exceptions import DomainError


def race(jobs, *, expected: type[Exception] = DomainError):
    """Run the callables at once; returns (results, errors), where errors are the codes of the
    ``expected`` domain errors they raised. Any other exception fails the calling test."""
    barrier = threading.Barrier(len(jobs))
    results, errors, crashes = [], [], []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except expected as exc:
            errors.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            crashes.append(repr(exc))
        finally:
            # Each thread opened its own connection: close it, or the test database cannot be
            # dropped at the end of the run.
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashes == []
    return results, errors
