"""A stand-in OpenAI-compatible server for the model-grader tests (loopback only)."""

from .server import StubModel

__all__ = ["StubModel"]
