"""Responses to signed-in users are never stored by a browser or a proxy cache."""

from django.utils.cache import patch_cache_control


class PrivateToSignedInUsersMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Signed in, a page may show personal data (contact points for practitioners, the admin), and
    the same address shows none to the public: nothing shared or kept on disk may hold it. Comes
    after AuthenticationMiddleware; for a visitor without a session it costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
