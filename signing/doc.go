// Package signing signs and verifies values the way Django's
// django.core.signing does, so that tokens, cookies and session data are
// interchangeable between a Djinn and a Django service sharing a secret.
//
// # Signers
//
// A Signer appends an HMAC (SHA-256 by default) of the value, keyed with a
// hash of the salt and the secret:
//
//	s := signing.Signer{Key: secret, Salt: "invites"}
//	token, _ := s.Sign("42")          // "42:<signature>"
//	id, err := s.Unsign(token)        // "42", nil
//	errors.Is(err, signing.ErrBadSignature)
//
// A TimestampSigner also records when the value was signed, and Unsign can
// reject signatures older than a maximum age with an error matching
// ErrSignatureExpired (which also matches ErrBadSignature). A maximum age of
// 0 means none; a negative one, as in Django, rejects everything signed
// until now. Its clock, Now,
// can be replaced in tests.
//
// # Objects
//
// Dumps and Loads (and the SignObject / UnsignObject methods) sign JSON: the
// payload is URL-safe base64 without padding, optionally zlib-compressed and
// then marked with a leading ".". JSON is written as Python writes it
// (compact, ASCII-only), so the result matches Django's for the same input.
// Reading follows Django too, for payloads signed by other means: the
// base64 is decoded as Python's lenient decoder does (both alphabets,
// other characters skipped), and the JSON's bytes are read as latin-1 (a
// raw "é" in UTF-8 loads as "Ã©"; JSON escapes are unaffected).
//
// # Key rotation
//
// Every signer takes FallbackKeys, Django's SECRET_KEY_FALLBACKS: values
// signed with an older key still verify while new values use Key. Django
// 3.1's legacy SHA-1 signatures are not accepted.
//
// # Cookies
//
// CookieSigner produces the values of HttpResponse.set_signed_cookie and
// checks those of HttpRequest.get_signed_cookie.
//
// # Cost
//
// Verifying allocates nothing but what it returns: the HMAC keyed with a
// (salt, secret, algorithm) is prepared once and its state reused from a
// pool (a process-wide cache of up to 512 such keys; combinations past that
// are computed without caching), signatures are compared in constant time
// on their base64 text, and payloads are compressed and inflated with
// pooled zlib writers and readers. Signer.Unsign and TimestampSigner.Unsign allocate nothing;
// loading a compressed session allocates its JSON.
package signing
