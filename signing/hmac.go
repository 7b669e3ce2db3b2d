package signing

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/blake2s"
)

// DefaultAlgorithm is the hash used when Signer.Algorithm is empty.
const DefaultAlgorithm = "sha256"

func hashFunc(algorithm string) (func() hash.Hash, error) {
	switch algorithm {
	case "", "sha256":
		return sha256.New, nil
	case "sha1":
		return sha1.New, nil
	case "sha224":
		return sha256.New224, nil
	case "sha384":
		return sha512.New384, nil
	case "sha512":
		return sha512.New, nil
	case "sha3_224":
		return func() hash.Hash { return sha3.New224() }, nil
	case "sha3_256":
		return func() hash.Hash { return sha3.New256() }, nil
	case "sha3_384":
		return func() hash.Hash { return sha3.New384() }, nil
	case "sha3_512":
		return func() hash.Hash { return sha3.New512() }, nil
	case "blake2b":
		// hashlib.blake2b() digests 64 bytes, blake2s() 32, unkeyed.
		return func() hash.Hash { h, _ := blake2b.New512(nil); return h }, nil
	case "blake2s":
		return func() hash.Hash { h, _ := blake2s.New256(nil); return h }, nil
	case "md5":
		// Django takes any hashlib name; md5 is there for parity, not
		// as a recommendation.
		return md5.New, nil
	}
	return nil, fmt.Errorf("signing: unsupported hash algorithm %q", algorithm)
}

// SaltedHMAC returns the HMAC of value keyed with H(keySalt + secret), where
// H is the named algorithm ("sha256" when empty; also "sha1", "sha224",
// "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
// "blake2b", "blake2s" and "md5": the hashlib attributes Django accepts).
// It is Django's salted_hmac: the same inputs give the same digest in both
// frameworks.
func SaltedHMAC(keySalt, value string, secret []byte, algorithm string) ([]byte, error) {
	e, err := macFor(algorithm, keySalt, "", secret)
	if err != nil {
		return nil, err
	}
	st := e.get()
	st.writeString(value)
	out := bytes.Clone(st.digest())
	e.put(st)
	return out, nil
}

// B64Encode is URL-safe base64 without padding, as Django's b64_encode.
func B64Encode(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// B64Decode reverses B64Encode as Django's b64_decode does: padding is
// optional, and like Python's non-strict base64 decoder it also takes the
// standard alphabet's "+" and "/", skips any other character that is not
// base64, and stops at padding that completes a group ("=" elsewhere is
// skipped). What is left must not be one character more than a multiple
// of four.
func B64Decode(s string) ([]byte, error) {
	return appendB64Decode(nil, s, true)
}

// B64DecodeStd is Python's base64.b64decode(s) as Django's pre-3.1
// session format is read: the standard alphabet ("+" and "/"; "-" and "_"
// are skipped like any other character that is not base64), padding
// required as Python requires it.
func B64DecodeStd(s string) ([]byte, error) {
	return appendB64Decode(nil, s, false)
}

// appendB64Decode appends the decoding of s (see B64Decode; with urlsafe
// false, B64DecodeStd) to dst.
func appendB64Decode(dst []byte, s string, urlsafe bool) ([]byte, error) {
	t := strings.TrimRight(s, "=")
	if urlsafe && cleanB64(t) {
		enc := base64.RawURLEncoding
		n := len(dst)
		dst = slices.Grow(dst, enc.DecodedLen(len(t)))
		m, err := enc.Decode(dst[n:n+enc.DecodedLen(len(t))], []byte(t))
		if err != nil {
			return nil, fmt.Errorf("invalid base64: %w", err)
		}
		return dst[:n+m], nil
	}
	// Python's binascii.a2b_base64 without strict mode, on s padded with
	// "=" to a multiple of four bytes (as b64_decode pads it; b64decode
	// does not pad).
	quad, pads, data := 0, 0, 0
	var left byte
	n := len(s)
	if urlsafe {
		n += (4 - len(s)%4) % 4
	}
	for i := 0; i < n; i++ {
		c := byte('=')
		if i < len(s) {
			c = s[i]
		}
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return dst, nil
				}
			}
			continue
		}
		v := b64Value(c)
		if v < 0 || !urlsafe && (c == '-' || c == '_') {
			continue
		}
		pads = 0
		data++
		switch quad {
		case 0:
			left = byte(v)
		case 1:
			dst = append(dst, left<<2|byte(v)>>4)
			left = byte(v) & 0x0f
		case 2:
			dst = append(dst, left<<4|byte(v)>>2)
			left = byte(v) & 0x03
		case 3:
			dst = append(dst, left<<6|byte(v))
		}
		quad = (quad + 1) % 4
	}
	switch quad {
	case 0:
		return dst, nil
	case 1:
		return nil, fmt.Errorf("invalid base64: number of data characters (%d) cannot be 1 more than a multiple of 4", data)
	}
	return nil, errors.New("invalid base64: incorrect padding")
}

// cleanB64 reports whether s holds only the URL-safe alphabet.
func cleanB64(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// b64Value is the value of a base64 character of either alphabet, or -1.
func b64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '-' || c == '+':
		return 62
	case c == '_' || c == '/':
		return 63
	}
	return -1
}
