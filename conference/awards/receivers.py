"""The awards page is cached for visitors (cms/pagecache.py): refresh it when what it shows changes.

Publishing or hiding results saves the cycle, so it is covered by the cycle's save.
"""

from django.db.models.signals import post_delete, post_save


def awards_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    from cms.services import invalidate_public_pages

    invalidate_public_pages()


def connect() -> None:
    from .models import AwardCategory, AwardCycle, Criterion

    for model in (AwardCycle, AwardCategory, Criterion):
        post_save.connect(awards_changed, sender=model,
                          dispatch_uid=f"awards-save-{model.__name__}")
        post_delete.connect(awards_changed, sender=model,
                            dispatch_uid=f"awards-delete-{model.__name__}")
