package signing

import (
	"errors"
	"strings"
	"time"
)

const defaultTimestampSalt = "django.core.signing.TimestampSigner"

// TimestampSigner signs a value together with the time of signing, so that
// verification can enforce a maximum age (Django's TimestampSigner). The
// signed form is value:timestamp:signature with the timestamp in base62.
type TimestampSigner struct {
	Signer
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
}

func (t TimestampSigner) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

func (t TimestampSigner) saltOr() string { return t.salt(defaultTimestampSalt) }

// Sign returns value:timestamp:signature.
func (t TimestampSigner) Sign(value string) (string, error) {
	return t.signParts(t.saltOr(), value, t.sep(), Base62Encode(t.now().Unix()))
}

// Unsign verifies signed and returns the original value. When maxAge is
// not zero, a signature older than maxAge fails with an error matching
// ErrSignatureExpired (a negative maxAge, as Django's, fails whatever was
// signed up to now); maxAge 0 means no age limit.
func (t TimestampSigner) Unsign(signed string, maxAge time.Duration) (string, error) {
	v, _, err := t.UnsignTime(signed, maxAge)
	return v, err
}

// UnsignTime is Unsign that also returns when the value was signed.
func (t TimestampSigner) UnsignTime(signed string, maxAge time.Duration) (string, time.Time, error) {
	raw, err := t.unsign(t.saltOr(), signed)
	if err != nil {
		return "", time.Time{}, err
	}
	sep := t.sep()
	i := strings.LastIndex(raw, sep)
	if i < 0 {
		return "", time.Time{}, badSig("no %q found in value", sep)
	}
	value, tsText := raw[:i], raw[i+len(sep):]
	ts, err := signedTimestamp(tsText)
	if err != nil {
		return "", time.Time{}, &SignatureError{Reason: "malformed timestamp", Err: err}
	}
	signedAt := time.Unix(ts, 0)
	if maxAge != 0 {
		if age := t.now().Sub(signedAt); age > maxAge {
			return "", signedAt, &ExpiredError{Age: age, MaxAge: maxAge}
		}
	}
	return value, signedAt, nil
}

const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Base62Encode writes n with the alphabet 0-9A-Za-z, as Django's b62_encode.
func Base62Encode(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	var buf [12]byte
	i := len(buf)
	for u > 0 {
		i--
		buf[i] = base62Alphabet[u%62]
		u /= 62
	}
	if neg {
		return "-" + string(buf[i:])
	}
	return string(buf[i:])
}

var errBase62 = errors.New("invalid base62 number")

// maxTimestamp bounds the seconds of a signed timestamp so that time.Unix
// and time.Time.Sub stay exact: a value beyond it is centuries away either
// way.
const maxTimestamp = 1 << 62

// signedTimestamp reads the timestamp of a signed value as Django does: a
// "-" alone is 0, leading zeros and any number of digits are fine (Python
// integers have no limit: a larger value is held at ±2^62 seconds, so a
// timestamp in the far future is never expired and one in the far past
// always is).
func signedTimestamp(s string) (int64, error) {
	if s == "" {
		return 0, errBase62
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base62Alphabet, s[i])
		if d < 0 {
			return 0, errBase62
		}
		if n > maxTimestamp/62 {
			n = maxTimestamp
		} else {
			n = min(n*62+int64(d), maxTimestamp)
		}
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Base62Decode reverses Base62Encode.
func Base62Decode(s string) (int64, error) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	if s == "" || len(s) > 10 {
		return 0, errBase62
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base62Alphabet, s[i])
		if d < 0 {
			return 0, errBase62
		}
		n = n*62 + int64(d)
	}
	if neg {
		n = -n
	}
	return n, nil
}
