"""The security headers of every page Concord serves to a browser (the console and the GraphQL IDE).

The browser holds each page to its own origin, whatever a dependency might try to load: scripts, workers and
requests from 'self' only — no inline script, no eval — fonts and images also as data: URLs (GraphiQL inlines
its fonts; ECharts and Element Plus icons use data: images). Inline *styles* are allowed because Element Plus,
Vue's transitions, the editor (Monaco) and React set element styles. No page may be framed (clickjacking), the
browser must not guess a file's type, and no address (which may hold a case id) leaks through the Referer."""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "worker-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
}
