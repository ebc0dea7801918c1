"""Scripted failures: rate limits and Cloudflare-style server errors for chosen routes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiohttp import web

from .rest import json_response

CLOUDFLARE_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    "</center><hr><center>cloudflare</center></body></html>"
)


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float | None
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        return self.remaining > 0 and self.method in (method, "*") and bool(self.pattern.search(path))

    def response(self) -> web.Response:
        self.remaining -= 1
        self.fired += 1
        if self.status == 429:
            retry_after = 0.05 if self.retry_after is None else self.retry_after
            headers = {
                "Retry-After": str(max(1, round(retry_after))),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": "fakebucket",
                "X-RateLimit-Scope": "user",
                # discord.py treats a 429 without Via as a Cloudflare ban and gives up.
                "Via": "1.1 google",
            }
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
            return json_response(body, 429, headers)
        if self.status == 502:
            return web.Response(status=502, text=CLOUDFLARE_502, content_type="text/html")
        body = {"message": f"{self.status}: Internal Server Error", "code": 0}
        return json_response(body, self.status)


class FaultPlan:
    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, method: str, path_regex: str, status: int, times: int, retry_after: float | None) -> Fault:
        fault = Fault(method.upper(), re.compile(path_regex), status, times, retry_after)
        self.faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> web.Response | None:
        for fault in self.faults:
            if fault.matches(method, path):
                return fault.response()
        return None
