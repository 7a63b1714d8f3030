"""The workspace's one permission check is the portal's: KPU staff only, a 404 to anyone else logged in."""

from portal.decorators import staff_required

__all__ = ["staff_required"]
