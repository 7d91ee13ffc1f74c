"""Integration credentials, encrypted at rest with AES-256-GCM.

They must be decrypted to call partners, so they are encrypted, not hashed. Each value gets a
fresh 96-bit nonce; the tenant id, the record id and the credential name are bound as associated
data, so a ciphertext copied to another tenant or record fails to decrypt. Keys carry an id so
they can be rotated: the first key encrypts, every listed key decrypts.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class CredentialError(Exception):
    """A credential could not be decrypted (wrong key, tampered or moved ciphertext)."""


class CredentialCipher:
    def __init__(self, keys: list[tuple[str, bytes]]):
        if not keys:
            raise ValueError("at least one key is needed")
        for kid, key in keys:
            if len(key) != 32:
                raise ValueError(f"credential key {kid} must be 32 bytes")
        self.keys = dict(keys)
        self.current = keys[0][0]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> CredentialCipher:
        """Keys from `mustard.credentials_keys` ('kid:base64' words); without any, a key derived
        from the secret key (fine for the embedded default, documented as such)."""
        words = str(settings.get("mustard.credentials_keys") or "").split()
        keys = []
        for word in words:
            kid, _, b64 = word.partition(":")
            keys.append((kid, base64.b64decode(b64)))
        if not keys:
            derived = hashlib.sha256(b"mustard-credentials:" +
                                     settings["mustard.secret_key"].encode()).digest()
            keys = [("derived", derived)]
        return cls(keys)

    @staticmethod
    def _aad(tenant_id: str, record_id: str, name: str) -> bytes:
        return f"{tenant_id}|{record_id}|{name}".encode()

    def encrypt(self, plaintext: str, *, tenant_id: str, record_id: str,
                name: str) -> tuple[str, str]:
        """(key_id, token) where token is base64(nonce + ciphertext)."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, plaintext.encode(), self._aad(tenant_id, record_id, name))
        return self.current, base64.b64encode(nonce + sealed).decode()

    def decrypt(self, key_id: str, token: str, *, tenant_id: str, record_id: str,
                name: str) -> str:
        key = self.keys.get(key_id)
        if key is None:
            raise CredentialError(f"unknown credential key id {key_id}")
        raw = base64.b64decode(token)
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], self._aad(tenant_id, record_id, name))
        except InvalidTag:
            raise CredentialError("credential does not decrypt for this tenant/record") from None
        return plain.decode()
