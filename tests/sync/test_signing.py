import hashlib
import hmac

from station_app.sync.signing import (
    canonical_string,
    is_valid_secret,
    new_nonce,
    sign,
    signed_headers,
    verify,
)

SECRET = "0123456789abcdef" * 4


def test_canonical_string_is_five_lines_without_trailing_newline():
    text = canonical_string("post", "/v1/changes?after=42&limit=200", "1764144000", "a" * 32, b"")
    assert text.split("\n") == [
        "POST",
        "/v1/changes?after=42&limit=200",
        "1764144000",
        "a" * 32,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # sha256("")
    ]


def test_signature_is_hmac_sha256_keyed_with_the_hex_text():
    body = b"\x1f\x8b gzip bytes"
    expected = hmac.new(
        SECRET.encode("utf-8"),
        f"POST\n/v1/events\n1764144000\n{'b' * 32}\n{hashlib.sha256(body).hexdigest()}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert sign(SECRET, "POST", "/v1/events", "1764144000", "b" * 32, body) == expected


def test_any_changed_part_breaks_the_signature():
    good = sign(SECRET, "GET", "/v1/changes?after=0&limit=200", "100", "c" * 32, b"")
    assert verify(SECRET, "GET", "/v1/changes?after=0&limit=200", "100", "c" * 32, b"", good)
    for args in [
        ("POST", "/v1/changes?after=0&limit=200", "100", "c" * 32, b""),
        ("GET", "/v1/changes?after=1&limit=200", "100", "c" * 32, b""),
        ("GET", "/v1/changes?after=0&limit=200", "101", "c" * 32, b""),
        ("GET", "/v1/changes?after=0&limit=200", "100", "d" * 32, b""),
        ("GET", "/v1/changes?after=0&limit=200", "100", "c" * 32, b"x"),
    ]:
        assert not verify(SECRET, *args, good)
    assert not verify("f" * 64, "GET", "/v1/changes?after=0&limit=200", "100", "c" * 32, b"", good)


def test_nonces_are_fresh_lowercase_hex():
    nonces = {new_nonce() for _ in range(1000)}
    assert len(nonces) == 1000
    assert all(len(n) == 32 and n == n.lower() and int(n, 16) >= 0 for n in nonces)


def test_signed_headers_carry_the_four_values():
    headers = signed_headers(
        "HN-ZZ-0001", SECRET, "GET", "/v1/changes?after=0&limit=1", b"", 1764144000, nonce="e" * 32
    ).as_dict()
    assert headers == {
        "X-Station-Id": "HN-ZZ-0001",
        "X-Timestamp": "1764144000",
        "X-Nonce": "e" * 32,
        "X-Signature": sign(
            SECRET, "GET", "/v1/changes?after=0&limit=1", "1764144000", "e" * 32, b""
        ),
    }


def test_only_the_printed_form_of_a_secret_is_valid():
    assert is_valid_secret(SECRET)
    assert not is_valid_secret(SECRET.upper())
    assert not is_valid_secret(SECRET[:-1])
    assert not is_valid_secret("g" * 64)
