"""What every API answer carries: an ETag with 304 for a copy the client holds, and CORS open for reading."""

from functools import wraps

from django.views.decorators.http import conditional_page

# Any site may read the API from a browser; no cookie is ever sent with it ("*" forbids credentials).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
    # The site's default (same-origin) would stop other origins from using what CORS lets them read.
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def add_cors_headers(response):
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    return response


def api_view(view):
    """``view`` with ETag/304 (Django's ConditionalGetMiddleware, after rendering) and CORS headers."""
    conditional = conditional_page(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        session_user = request.user
        response = conditional(request, *args, **kwargs)
        if session_user.is_authenticated:
            # DRF put its own (anonymous) user on the request; the site's rule that no cache keeps what a
            # logged-in browser was sent (security.PrivatePagesMiddleware) must still see who asked.
            request.user = session_user
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            # Runs after the ETag callback, so a 304 that replaced the answer gets the headers too.
            response.add_post_render_callback(add_cors_headers)
            return response
        return add_cors_headers(response)

    return wrapped
