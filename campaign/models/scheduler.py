from django.db import models
from django.utils.translation import gettext_lazy as _


class SchedulerState(models.Model):
    """One row that the scheduler locks while it works and stamps after each pass.

    The lock keeps two schedulers from publishing the same revision twice;
    the stamp tells editors when publication last ran.
    """

    name = models.CharField(max_length=50, unique=True, default="publication")
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_host = models.CharField(_("host"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("scheduler state")
        verbose_name_plural = _("scheduler states")

    def __str__(self):
        return self.name
