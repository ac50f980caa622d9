"""The demo's delegates rated sessions, the results are released, and loading again adds none."""

from django.core.management import call_command

from conference.feedback.models import FeedbackSettings, SessionFeedback


def test_demo_feedback(demo):
    feedback = SessionFeedback.objects.filter(session__edition__year=2024)
    assert feedback.count() == 90
    assert feedback.exclude(comment="").exists()
    assert {f.rating for f in feedback} <= {2, 3, 4, 5}
    assert FeedbackSettings.objects.get(edition__year=2024).released_to_speakers
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SessionFeedback.objects.count() == 90
