"""Identity: OIDC login, token validation and the embedded provider.

This package never imports :mod:`ecosystem`.
"""
