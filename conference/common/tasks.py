from django_tasks import task

from . import services


@task()
def deliver_email(message_id: int) -> None:
    services.deliver_message(message_id=message_id)


@task()
def retry_emails() -> int:
    return services.retry_due_messages()
