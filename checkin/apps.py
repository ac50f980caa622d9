from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def ready(self):
        # The receivers are closures: connected with weak=False, or they would be collected as
        # soon as ready() returns and silently never run.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        # Registers the rules; connects the receivers.
        from . import permissions, receivers  # noqa: F401
        from .models import CheckinPoint

        def forget(sender, instance, **kwargs):
            from .point_cache import forget_point

            forget_point(instance.pk)

        post_save.connect(forget, sender=CheckinPoint, dispatch_uid="checkin_point_saved",
                          weak=False)
        post_delete.connect(forget, sender=CheckinPoint, dispatch_uid="checkin_point_deleted",
                            weak=False)
        m2m_changed.connect(forget, sender=CheckinPoint.categories.through,
                            dispatch_uid="checkin_point_categories", weak=False)

        def forget_session_points(sender, instance, **kwargs):
            # A linked session moved: the points that follow its times must see it at once.
            from .point_cache import forget_point

            for pk in CheckinPoint.objects.filter(session=instance).values_list("pk", flat=True):
                forget_point(pk)

        post_save.connect(forget_session_points, sender="cms.Session",
                          dispatch_uid="checkin_session_saved", weak=False)
