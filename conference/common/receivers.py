from anymail.signals import tracking
from django.dispatch import receiver

from . import services


def _is_soft_bounce(event, esp_name: str) -> bool:
    # anymail normalises Postmark's SoftBounce to "bounced" too ("might also receive HardBounce
    # later"); a full mailbox must not flag the address for good.
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    return esp_name == "Postmark" and esp_event.get("Type") == "SoftBounce"


@receiver(tracking, dispatch_uid="govconf_email_tracking")
def on_email_tracking(sender, event, esp_name, **kwargs):
    if event.message_id:
        services.record_provider_event(
            message_id=str(event.message_id),
            event_type=event.event_type or "unknown",
            description=event.description or event.reject_reason or "",
            recipient=event.recipient or "",
            permanent=not _is_soft_bounce(event, esp_name),
        )
