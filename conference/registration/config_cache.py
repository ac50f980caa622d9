"""What a registration reads before it locks anything, kept in each process's memory.

Every attempt through the registration API reads the category of the current edition, the
edition's registration settings and the category's questions before it locks anything: three
queries for rows that change a few times a year, compiled and sent on every attempt of a
registration surge. They are kept under a shared generation (conference.common.localcache):
saving or deleting a category, a question, the settings or an edition bumps it
(RegistrationConfig.ready); the process that saved sees the change at once, every other one
within a second. (The API key is read on every request, prepared: a revoked key fails at once.)

These reads only turn an attempt away early and check the answers. Everything a seat depends on
(quota, venue capacity, whether registration is open, the consent version, the sale window) is
read again from the rows locked by ``services.capacity.lock_capacity`` and checked under the
lock. Entries are shared by the requests of a process: never change the objects they hold.
"""

from conference.common.localcache import GenerationCache

from .models import Category, Question, RegistrationSettings

registration_cache = GenerationCache("registration")

# An entry's own lifetime, for a change made without a signal (a queryset update, a shell).
CONFIG_SECONDS = 60


def cached_current_category(code: str) -> Category | None:
    """Category ``code`` of the current edition (its edition selected), or None."""
    return registration_cache.get(("category", code), lambda: _current_category(code),
                                  CONFIG_SECONDS)


def _current_category(code: str) -> Category | None:
    from cms.models import Edition

    categories = Category.objects.select_related("edition")
    return (
        categories.filter(edition__is_current=True, code=code).first()
        or categories.filter(edition=Edition.current(), code=code).first()
    )


def cached_registration_settings(edition) -> RegistrationSettings:
    """The edition's settings row (created with defaults on first use)."""
    from .services.edition_settings import get_registration_settings

    return registration_cache.get(("settings", edition.pk),
                                  lambda: get_registration_settings(edition), CONFIG_SECONDS)


def cached_questions(category: Category) -> list[Question]:
    """The category's questions, in their order."""
    return registration_cache.get(("questions", category.pk),
                                  lambda: list(category.questions.all()), CONFIG_SECONDS)


def forget_registration_config(**_kwargs) -> None:
    """A category, question, settings row or edition changed: every process forgets."""
    registration_cache.bump()


def connect_receivers() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (Category, Question, RegistrationSettings, "cms.Edition"):
        for signal in (post_save, post_delete):
            signal.connect(forget_registration_config, sender=model, weak=False,
                           dispatch_uid=f"registration_config_{signal is post_save}_{model}")
