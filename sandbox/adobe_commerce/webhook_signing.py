"""The store's webhook key pair (Stores > Configuration > Adobe Services > Webhooks, "Regenerate key pair") and
the signature Commerce puts in `x-adobe-commerce-webhook-signature`: RSA-SHA256 (PKCS#1 v1.5) over the base64 text
of the body, itself base64 (commerce-extensibility webhooks/signature-verification.md)."""

from __future__ import annotations

import base64
import functools

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SIGNATURE_HEADER = "x-adobe-commerce-webhook-signature"


@functools.cache
def key_pair(seed: int) -> rsa.RSAPrivateKey:
    """One pair per seed and process (RSA keys cannot be derived from a seed; generating one costs time)."""
    del seed
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    return base64.b64encode(key.sign(base64.b64encode(body), padding.PKCS1v15(), hashes.SHA256())).decode()
