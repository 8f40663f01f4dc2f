"""The organisation's own settings for its marketplace: one row, edited by talent admins in the admin."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


class OverdueRelease(models.TextChoices):
    ESCALATE = "escalate", "escalate to the line manager's manager, then expire after as long again"
    EXPIRE = "expire", "expire the offer"


class OrganisationSettings(models.Model):
    """Read through `current()`; the first read creates the row with the defaults below."""

    release_wait_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Days a line manager has to release (or decline) a person's time before the request is overdue.",
    )
    overdue_release = models.CharField(
        max_length=10, choices=OverdueRelease.choices, default=OverdueRelease.ESCALATE,
        help_text="What happens to a release request that is overdue.",
    )
    publish_approval_hours = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Gigs, projects and freelancing asking more hours a week than this need approval before they are published.",
    )
    shadowing_release_hours = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text="Job shadowing of fewer hours in all than this needs no release by the line manager.",
    )
    shadowing_max_hours = models.PositiveSmallIntegerField(
        default=40, validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="Job shadowing is short: at most this many hours in all.",
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Remind owners of applications, and participants of completions to confirm, that wait this many days.",
    )
    # Analytics (docs/analytics.md). Money in whole units of `currency`; the defaults are placeholders to replace.
    currency = models.CharField(
        max_length=3, default="USD", validators=[RegexValidator(r"^[A-Z]{3}$", "An ISO 4217 code such as EUR.")],
        help_text="ISO 4217 code of the money amounts below.",
    )
    cost_per_external_hire = models.PositiveIntegerField(
        default=4700, validators=[MaxValueValidator(10_000_000)],
        help_text="What hiring one person from outside costs, in whole units of the currency (SHRM's 2022 average: 4,700 USD).",
    )
    hours_unlocked_hourly_rate = models.PositiveIntegerField(
        default=50, validators=[MaxValueValidator(100_000)],
        help_text="What an hour of work unlocked through the marketplace is worth, in whole units of the currency.",
    )
    analytics_min_group = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(2), MaxValueValidator(1000)],
        help_text="Analytics show no figure about fewer people than this.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "organisation settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="organisation_settings_single_row")]

    def __str__(self) -> str:
        return "Organisation settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)


def current() -> OrganisationSettings:
    settings, _ = OrganisationSettings.objects.get_or_create(pk=1)
    return settings
