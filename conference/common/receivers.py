from anymail.signals import tracking
from django.dispatch import receiver

from . import services


@receiver(tracking, dispatch_uid="govconf_email_tracking")
def on_email_tracking(sender, event, esp_name, **kwargs):
    if event.message_id:
        services.record_provider_event(
            message_id=str(event.message_id),
            event_type=event.event_type or "unknown",
            description=event.description or event.reject_reason or "",
        )
