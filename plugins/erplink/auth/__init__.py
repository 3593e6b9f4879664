"""Auth mechanisms as requests ``AuthBase`` pieces; the ones that can repair themselves after a 401 implement
``RefreshableAuth``. A system's own scheme lives in its package (``erplink.systems.<system>.auth``)."""

from erplink.auth.base import BearerToken, ExpiringBearerAuth, RefreshableAuth
from erplink.auth.basic import BasicAuth
from erplink.auth.oauth1 import OAuth1OneLegged, OAuth1TokenAuth
from erplink.auth.oauth2 import OAuth2ClientCredentials, OAuth2PasswordGrant
from erplink.auth.static import StaticHeaderAuth

__all__ = [
    "BasicAuth",
    "BearerToken",
    "ExpiringBearerAuth",
    "OAuth1OneLegged",
    "OAuth1TokenAuth",
    "OAuth2ClientCredentials",
    "OAuth2PasswordGrant",
    "RefreshableAuth",
    "StaticHeaderAuth",
]
