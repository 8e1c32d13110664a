"""Every URL the project serves, found by walking the URL resolver (shared by the security tests)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself for an unnamed pattern
    name: str | None
    route: str
    pattern: object  # the URLPattern's pattern (RoutePattern or RegexPattern)
    prefixes: tuple  # the patterns of the including resolvers


def walk(patterns=None, prefixes=(), namespace=None):
    """Yield a Route for every URLPattern reachable from the root URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, (*prefixes, entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            route = "".join(str(p) for p in (*prefixes, entry.pattern))
            yield Route(key=name or route, name=name, route=route, pattern=entry.pattern, prefixes=prefixes)


def routes() -> dict[str, Route]:
    return {r.key: r for r in walk()}


def converters(route: Route) -> dict[str, str]:
    """{parameter: converter class name} of a route and the resolvers above it (regex groups: "regex")."""
    found = {}
    for pattern in (*route.prefixes, route.pattern):
        for name, converter in getattr(pattern, "converters", {}).items():
            found[name] = type(converter).__name__
        regex = getattr(pattern, "regex", None)
        if regex is not None and not getattr(pattern, "converters", None):
            for name in regex.groupindex:
                found.setdefault(name, "regex")
    return found
