"""How check-in adds to what registration shows (conference.registration.signals)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from conference.registration import signals

from .enums import ScanResult
from .models import Scan


@receiver(signals.desk_listing_filters, dispatch_uid="checkin_checked_in_filter")
def checked_in_filter(sender, **kwargs) -> dict:
    """The desk's listing filter "checked in": someone of the registration was admitted."""

    def filter_checked_in(queryset, name, value):
        admitted = Scan.objects.filter(attendee__registration=OuterRef("pk"),
                                       result=ScanResult.ADMITTED)
        return queryset.filter(Exists(admitted)) if value else queryset.exclude(Exists(admitted))

    return {"checked_in": django_filters.BooleanFilter(method=filter_checked_in,
                                                       label=_("checked in"))}
