from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.models import NFCMixin
from conference.common.text import fold


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(NFCMixin, AbstractUser):
    """An account, keyed by email.

    Vietnamese names are written family name first ("Nguyễn Thị Anh Thi"): ``last_name`` holds the
    family and middle names ("Nguyễn Thị Anh", họ và tên đệm) and ``first_name`` the given name
    ("Thi", tên), which is also how Vietnamese lists are sorted.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    last_name = models.CharField(_("family and middle names"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name) if part)

    def get_short_name(self) -> str:
        return self.first_name or self.email

    nfc_fields = ("first_name", "last_name")

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.normalise_text()  # NFC first: fields below derive from it
        self.search_text = fold(f"{self.get_full_name()} {self.email} {self.phone}")[:400]
        super().save(*args, **kwargs)
