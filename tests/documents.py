"""Documents built for tests that the usual libraries cannot write."""

import hashlib
import struct

# PDF standard security handler, revision 2 (ISO 32000-1, 7.6.3), enough to build a real
# password-protected PDF without another dependency: pypdfium2 cannot encrypt.
_PASSWORD_PADDING = bytes.fromhex(
    "28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A"
)


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PASSWORD_PADDING)[:32]


def make_password_pdf(user_password: str, owner_password: str) -> bytes:
    """A one-page PDF (40-bit RC4, revision 2) that needs ``user_password`` to open."""
    file_id = hashlib.md5(b"hiwar-test", usedforsecurity=False).digest()
    permissions = -4
    owner_key = hashlib.md5(_padded(owner_password), usedforsecurity=False).digest()[:5]
    owner_entry = _rc4(owner_key, _padded(user_password))
    file_key = hashlib.md5(
        _padded(user_password) + owner_entry + struct.pack("<i", permissions) + file_id,
        usedforsecurity=False,
    ).digest()[:5]
    user_entry = _rc4(file_key, _PASSWORD_PADDING)
    # No strings or streams in the objects, so nothing else needs encrypting.
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count 1/Kids[3 0 R]>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>",
        b"<</Filter/Standard/V 1/R 2/O<%s>/U<%s>/P %d>>"
        % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    hex_id = file_id.hex().encode()
    out += b"trailer\n<</Size %d/Root 1 0 R/Encrypt 4 0 R/ID[<%s><%s>]>>\n" % (
        len(objects) + 1,
        hex_id,
        hex_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
