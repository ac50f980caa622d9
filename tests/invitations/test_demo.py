"""The demo has invitations in every state and the 2024 letters; loading again adds none."""

from django.core.management import call_command

from conference.invitations.enums import InvitationStatus
from conference.invitations.models import Invitation, LetterBatch


def test_demo_invitations_in_every_state_with_letters(demo):
    invitations = Invitation.objects.filter(edition__year=2024)
    assert set(invitations.values_list("status", flat=True)) == set(InvitationStatus.values)
    assert invitations.filter(kind="organisation", status="accepted",
                              reservation__used=2).exists()
    assert invitations.exclude(substitute_name="").exists()
    batch = LetterBatch.objects.get(edition__year=2024)
    assert batch.status == "done" and batch.done == batch.total > 0
    numbers = sorted(invitations.exclude(letter_number=None)
                     .values_list("letter_number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    count = invitations.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Invitation.objects.filter(edition__year=2024).count() == count
