"""Headers for files users uploaded: never rendered in the site's origin, whatever they contain."""

from functools import wraps

SANDBOX_POLICY = "default-src 'none'; sandbox"


def sandbox_download(response):
    """Mark a file response so that no browser runs or sniffs it; returns the response."""
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def sandboxed(view):
    """Decorator form of sandbox_download for views that serve files."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return sandbox_download(view(request, *args, **kwargs))

    return wrapper


def is_download(response):
    """A file for saving or opening: FileResponse and our own CSV/JSON exports all say Content-Disposition."""
    return response.has_header("Content-Disposition")
