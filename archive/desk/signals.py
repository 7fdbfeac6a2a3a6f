"""Every save of a call raises its version by one: the optimistic lock compares it."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from ..models import Call


@receiver(pre_save, sender=Call, dispatch_uid="desk-call-version")
def bump_version(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    instance.version = (instance.version or 0) + 1
