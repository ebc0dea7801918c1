"""Sends chat-completions requests to an OpenAI-compatible endpoint, within a deadline.

Every failure becomes `ModelUnavailable` with a short, member-safe reason ("the model did not
answer in time"); the caller then grades with the rubric. The API key goes only into the
Authorization header: it is a SecretStr, never part of a reason, a log line or a repr.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
from pydantic import SecretStr

log = logging.getLogger(__name__)


class ModelUnavailable(Exception):
    """The model gave no usable reply; `reason` completes "graded by the rubric: …"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChatModel:
    """One endpoint and model, shared by every grading; at most `max_concurrency` calls in flight."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: SecretStr | None = None,
        timeout: float = 20.0,
        max_concurrency: int = 4,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        self._api_key = api_key
        self._slots = asyncio.Semaphore(max_concurrency)
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"ChatModel({self.url!r}, {self.model!r})"

    async def complete(self, body: dict[str, Any]) -> str:
        """`choices[0].message.content` of the reply, or ModelUnavailable within `timeout` seconds.

        The deadline covers waiting for a free slot too, so a member never waits longer than it.
        """
        try:
            async with asyncio.timeout(self.timeout):
                async with self._slots:
                    return await self._post(body)
        except TimeoutError:
            raise ModelUnavailable("the model did not answer in time") from None
        except aiohttp.ClientConnectionError:
            raise ModelUnavailable("the model's server could not be reached") from None

    async def _post(self, body: dict[str, Any]) -> str:
        headers = {"Content-Type": "application/json"}
        if self._api_key is not None:
            headers["Authorization"] = f"Bearer {self._api_key.get_secret_value()}"
        session = self._session_open()
        async with session.post(self.url, data=json.dumps(body), headers=headers) as response:
            if response.status == 429:
                wait = response.headers.get("Retry-After")
                after = f" (it asked to retry after {wait[:10]} s)" if wait else ""
                raise ModelUnavailable(f"the model's server is rate-limiting requests{after}")
            if response.status >= 500:
                raise ModelUnavailable(f"the model's server failed (HTTP {response.status})")
            if response.status >= 400:
                raise ModelUnavailable(f"the model's server refused the request (HTTP {response.status})")
            try:
                reply = await response.json(content_type=None)
                content = reply["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError, aiohttp.ContentTypeError):
                raise ModelUnavailable("the model's server sent a reply that is not a chat completion") from None
        if not isinstance(content, str):
            raise ModelUnavailable("the model's reply had no text content")
        return content

    def _session_open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
