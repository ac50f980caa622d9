from django_tasks import task

from . import services


@task()
def send_transfer_reminders() -> int:
    """Run hourly (cron or a scheduler): reminds payers whose transfer hold ends soon."""
    return services.send_transfer_reminders()
