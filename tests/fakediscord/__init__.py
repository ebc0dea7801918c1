"""A loopback fake of Discord's REST API and gateway for end-to-end tests with real discord.py."""

from .interactions import Interaction, InteractionTimeout
from .server import FakeDiscord, RecordedRequest, Rejection
from .world import ALL_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "FakeDiscord",
    "Interaction",
    "InteractionTimeout",
    "RecordedRequest",
    "Rejection",
]
