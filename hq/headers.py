"""Security headers on every answer: a Content-Security-Policy, HSTS over HTTPS, no sniffing.

The operator pages are server-rendered HTML with one inline style sheet and no script: the policy
allows exactly that style sheet (by its hash) and nothing else, so an injected tag could neither
run a script nor load anything. The API documentation page (behind the sign-in) loads Swagger UI
from head office itself (no CDN: the docs work offline) and gets a policy that allows this site's
scripts and styles and its one inline script.
"""

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = b"max-age=31536000"


def sha256_source(text: str) -> str:
    """A CSP source for an inline element whose content is ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_policy(style: str) -> str:
    return (
        f"default-src 'none'; style-src {sha256_source(style)}; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def docs_policy(inline_script: str) -> str:
    return (
        f"default-src 'none'; script-src 'self' {sha256_source(inline_script)}; "
        "style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: adds the headers an answer does not set itself (``policy`` by default)."""

    def __init__(self, app: ASGIApp, policy: str):
        self.app = app
        self.policy = policy.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {name.lower() for name, _ in headers}
                wanted = [
                    (b"content-security-policy", self.policy),
                    (b"x-content-type-options", b"nosniff"),
                    (
                        b"referrer-policy",
                        b"same-origin",
                    ),  # no-referrer makes forms send Origin: null
                    (b"x-frame-options", b"DENY"),
                ]
                if https:  # over plain HTTP a browser ignores it (RFC 6797 says not to send it)
                    wanted.append((b"strict-transport-security", HSTS))
                headers += [(n, v) for n, v in wanted if n not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
