"""Every URL of the project, read from the URLconf, for the tests that must cover them all."""

from django.urls import URLResolver, get_resolver


def all_urls():
    """(name, route, pattern) of every URL; an unnamed one is named by its route."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
            else:
                route = prefix + str(pattern.pattern)
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append((name or route, route, pattern))

    walk(get_resolver().url_patterns, "", None)
    return found
