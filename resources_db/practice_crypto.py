"""Encryption at rest for the practice record: AES-GCM with a key from a passphrase by scrypt.

Everything cryptographic is ``cryptography``'s: scrypt derives a 256-bit key
from the passphrase and a random salt, and AES-GCM seals each text with a
fresh random nonce and an associated-data label naming the row and field it
belongs to (so a sealed value copied into another row or field does not open).
A key check value (a fixed text sealed with the key) tells a wrong passphrase
from a right one without trying it on the record itself.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass

# ``cryptography`` is imported by the functions that seal, open and derive: the
# window and the command line load this module at every start (through the
# user-data file and the CPD suggestions) but only use it on a practice record.

# OWASP's recommended scrypt cost (2^17, r=8, p=1: 128 MiB, under a second).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
SEALED_PREFIX = "enc1:"
_CHECK_TEXT = b"IMH Library practice record key check"
_CHECK_LABEL = b"imh-library/practice/key-check"


class PracticeCryptoError(ValueError):
    """A sealed value does not open with this key (wrong key, or the value was altered)."""


@dataclass(frozen=True)
class KeyParams:
    """What derives the key again from the passphrase: kept beside the record, not secret."""

    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


def new_params() -> KeyParams:
    return KeyParams(os.urandom(SALT_BYTES), SCRYPT_N, SCRYPT_R, SCRYPT_P)


def derive_key(passphrase: str, params: KeyParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def key_check(key: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, _CHECK_TEXT, _CHECK_LABEL)


def key_matches(key: bytes, check: bytes) -> bool:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        opened = AESGCM(key).decrypt(check[:NONCE_BYTES], check[NONCE_BYTES:], _CHECK_LABEL)
    except InvalidTag:
        return False
    return opened == _CHECK_TEXT


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)


def seal(key: bytes, text: str, label: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), label.encode("utf-8"))
    return SEALED_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(key: bytes, value: str, label: str) -> str:
    if not is_sealed(value):
        raise PracticeCryptoError("The value is not sealed.")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.b64decode(value[len(SEALED_PREFIX) :], validate=True)
        opened = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], label.encode("utf-8"))
    except (InvalidTag, binascii.Error, ValueError) as error:
        raise PracticeCryptoError("A sealed value does not open with this key.") from error
    return opened.decode("utf-8")
