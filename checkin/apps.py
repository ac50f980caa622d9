from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import CheckinPoint

        def forget(sender, instance, **kwargs):
            from .views import forget_point

            forget_point(instance.pk)

        post_save.connect(forget, sender=CheckinPoint, dispatch_uid="checkin_point_saved")
        post_delete.connect(forget, sender=CheckinPoint, dispatch_uid="checkin_point_deleted")
        m2m_changed.connect(forget, sender=CheckinPoint.categories.through,
                            dispatch_uid="checkin_point_categories")
