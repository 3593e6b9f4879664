"""A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made with trustme.

Clients trust the sandbox by pointing `verify` at the CA bundle; nothing is added to the system trust store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class TlsFiles:
    ca_path: Path
    cert_path: Path
    key_path: Path


def issue_loopback_certificate(directory: Path) -> TlsFiles:
    """Write ca.pem, server.pem (leaf + chain) and server.key into `directory` and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    authority = trustme.CA(organization_name="erplink sandbox CA")
    server_cert = authority.issue_cert("127.0.0.1", "localhost", "::1")
    files = TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    authority.cert_pem.write_to_path(str(files.ca_path))
    server_cert.private_key_pem.write_to_path(str(files.key_path))
    with files.cert_path.open("wb") as chain:
        for blob in server_cert.cert_chain_pems:
            chain.write(blob.bytes())
    files.key_path.chmod(0o600)
    return files
