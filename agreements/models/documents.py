from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.history import RecoverableHistory
from agreements.models.publication import published_q
from agreements.uploads import file_sha256, random_storage_name, validate_upload

MAX_DOCUMENT_BYTES = 20_000_000


def document_upload_to(document, filename):
    return random_storage_name("documents", filename)


def validate_document(upload):
    validate_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents anyone may download: marked public, on a published agreement."""
        return self.filter(published_q("agreement__"), is_public=True)


class Document(models.Model):
    class Kind(models.TextChoices):
        SIGNED_AGREEMENT = "signed", _("Signed agreement")
        ANNEX = "annex", _("Annex")
        MINUTES = "minutes", _("Minutes")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.SIGNED_AGREEMENT)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=200,
        validators=[validate_document],
        help_text=_("PDF, JPEG or PNG, at most 20 MB."),
    )
    original_name = models.CharField(_("original file name"), max_length=200, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Downloadable by anyone once the agreement is published.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = RecoverableHistory()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agreement", "kind", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A newly attached file has not been committed to storage yet: record its facts first.
        if self.file and not self.file._committed:
            self.original_name = self.file.name
            self.size = self.file.size
            self.sha256 = file_sha256(self.file)
        super().save(*args, **kwargs)
