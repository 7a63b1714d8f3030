from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.translated import in_active_language


class FocusArea(models.Model):
    """A field of cooperation, such as voter data updating; data, not code."""

    name = models.CharField(_("name (Indonesian)"), max_length=160, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return in_active_language(self.name, self.name_en)

    @property
    def display_description(self):
        return in_active_language(self.description, self.description_en)
