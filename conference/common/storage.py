"""Private files: badge batches, bank statements, award evidence. Never in MEDIA_ROOT, which the
web server may serve; views that check who asks hand them out."""

from django.core.files.storage import storages
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on every use rather than once at import.

    A FileField resolves its storage when models load; deployments and tests may configure
    STORAGES["private"] later, and files must land where the settings say at that moment.
    """

    def _setup(self):
        self._wrapped = storages["private"]

    def __getattr__(self, name):
        return getattr(storages["private"], name)


_PRIVATE_STORAGE = _PrivateStorage()


def private_storage():
    """For ``FileField(storage=private_storage)``."""
    return _PRIVATE_STORAGE
