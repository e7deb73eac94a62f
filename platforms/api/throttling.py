from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Requests per key (by its prefix); counters live in Redis through Django's cache."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        key = getattr(request._request, "api_key", None)
        ident = key.prefix if key is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
