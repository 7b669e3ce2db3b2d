package hashers

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// DefaultPBKDF2Iterations is the PBKDF2 work factor of Django 5.2.
const DefaultPBKDF2Iterations = 1_000_000

// PBKDF2 is PBKDF2 with HMAC-SHA256, Django's default hasher:
// "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>".
type PBKDF2 struct {
	// Iterations for new hashes; 0 means DefaultPBKDF2Iterations.
	Iterations int
}

// PBKDF2SHA1 is PBKDF2 with HMAC-SHA1: "pbkdf2_sha1$...".
type PBKDF2SHA1 struct {
	// Iterations for new hashes; 0 means DefaultPBKDF2Iterations.
	Iterations int
}

var (
	_ Hasher = PBKDF2{}
	_ Hasher = PBKDF2SHA1{}
)

func (PBKDF2) Algorithm() string     { return "pbkdf2_sha256" }
func (PBKDF2SHA1) Algorithm() string { return "pbkdf2_sha1" }

func (p PBKDF2) Encode(password, salt string) (string, error) {
	return pbkdf2Encode(p.Algorithm(), sha256.New, password, salt, iterOr(p.Iterations))
}
func (p PBKDF2SHA1) Encode(password, salt string) (string, error) {
	return pbkdf2Encode(p.Algorithm(), sha1.New, password, salt, iterOr(p.Iterations))
}
func (p PBKDF2) Verify(password, encoded string) (bool, error) {
	return pbkdf2Verify(p.Algorithm(), sha256.New, password, encoded)
}
func (p PBKDF2SHA1) Verify(password, encoded string) (bool, error) {
	return pbkdf2Verify(p.Algorithm(), sha1.New, password, encoded)
}
func (p PBKDF2) MustUpdate(encoded string) bool {
	return pbkdf2MustUpdate(p.Algorithm(), encoded, iterOr(p.Iterations))
}
func (p PBKDF2SHA1) MustUpdate(encoded string) bool {
	return pbkdf2MustUpdate(p.Algorithm(), encoded, iterOr(p.Iterations))
}
func (p PBKDF2) HardenRuntime(password, encoded string) {
	pbkdf2Harden(p.Algorithm(), sha256.New, password, encoded, iterOr(p.Iterations))
}
func (p PBKDF2SHA1) HardenRuntime(password, encoded string) {
	pbkdf2Harden(p.Algorithm(), sha1.New, password, encoded, iterOr(p.Iterations))
}

func iterOr(n int) int {
	if n <= 0 {
		return DefaultPBKDF2Iterations
	}
	return n
}

func pbkdf2Hash(h func() hash.Hash, password, salt string, iterations int) (string, error) {
	key, err := pbkdf2.Key(h, password, []byte(salt), iterations, h().Size())
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(key), nil
}

func pbkdf2Encode(alg string, h func() hash.Hash, password, salt string, iterations int) (string, error) {
	if salt == "" {
		salt = NewSalt()
	}
	if strings.Contains(salt, "$") {
		return "", malformed(alg, "salt contains '$'")
	}
	sum, err := pbkdf2Hash(h, password, salt, iterations)
	if err != nil {
		return "", err
	}
	return alg + "$" + strconv.Itoa(iterations) + "$" + salt + "$" + sum, nil
}

type pbkdf2Parts struct {
	iterations int
	salt, hash string
}

func pbkdf2Decode(alg, encoded string) (pbkdf2Parts, error) {
	parts := strings.SplitN(encoded, "$", 4)
	if len(parts) != 4 {
		return pbkdf2Parts{}, malformed(alg, "want 4 fields, got %d", len(parts))
	}
	if parts[0] != alg {
		return pbkdf2Parts{}, malformed(alg, "algorithm %q", parts[0])
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n <= 0 || strconv.Itoa(n) != parts[1] {
		return pbkdf2Parts{}, malformed(alg, "bad iteration count %q", parts[1])
	}
	if n > math.MaxInt32 {
		// Python's hashlib refuses a count above INT_MAX (OverflowError)
		// rather than spend hours on it; so does this package.
		return pbkdf2Parts{}, malformed(alg, "iteration count %q too great", parts[1])
	}
	return pbkdf2Parts{iterations: n, salt: parts[2], hash: parts[3]}, nil
}

func pbkdf2Verify(alg string, h func() hash.Hash, password, encoded string) (bool, error) {
	d, err := pbkdf2Decode(alg, encoded)
	if err != nil {
		// Django re-encodes with int(iterations) and compares the whole
		// text: an iteration count Python's int() reads but that is not
		// written as Django writes it ("01000", "+1000", "1_000", " 1000",
		// "0") cannot match; only one int() refuses, or a negative one,
		// is an error.
		parts := strings.SplitN(encoded, "$", 4)
		if len(parts) == 4 && parts[0] == alg {
			if ok, negative := pyIntSyntax(parts[1]); ok && !negative {
				return false, nil
			}
		}
		return false, err
	}
	sum, err := pbkdf2Hash(h, password, d.salt, d.iterations)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(sum), []byte(d.hash)) == 1, nil
}

func pbkdf2MustUpdate(alg, encoded string, iterations int) bool {
	d, err := pbkdf2Decode(alg, encoded)
	if err != nil {
		// Django compares the count as int() reads it: "01000000" or
		// " 1000000" is the current count (such a value never verifies,
		// but must_update answers for it all the same).
		parts := strings.SplitN(encoded, "$", 4)
		if len(parts) != 4 || parts[0] != alg {
			return false
		}
		n, ok := pyIntValue(parts[1])
		return ok && (n != iterations || weakSalt(parts[2]))
	}
	return d.iterations != iterations || weakSalt(d.salt)
}

// pyIntValue is Python's int(s) for a count: ok is false when int()
// refuses s, and a value too large for an int comes back as -1.
func pyIntValue(s string) (n int, ok bool) {
	if ok, _ := pyIntSyntax(s); !ok {
		return 0, false
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	neg := strings.HasPrefix(s, "-")
	for _, r := range strings.TrimLeft(s, "+-") {
		if r == '_' {
			continue
		}
		// Unicode decimal digits come in runs of ten, zero first.
		start := r
		for unicode.Is(unicode.Nd, start-1) {
			start--
		}
		digit := int((r - start) % 10)
		if n > (math.MaxInt-digit)/10 {
			return -1, true
		}
		n = n*10 + digit
	}
	if neg {
		n = -n
	}
	return n, true
}

func pbkdf2Harden(alg string, h func() hash.Hash, password, encoded string, iterations int) {
	d, err := pbkdf2Decode(alg, encoded)
	if err != nil {
		return
	}
	if extra := iterations - d.iterations; extra > 0 {
		pbkdf2Hash(h, password, d.salt, extra)
	}
}

// pyIntSyntax reports whether Python's int() accepts s (surrounding
// whitespace, a sign, Unicode decimal digits with single underscores
// between them) and whether the number is below zero.
func pyIntSyntax(s string) (ok, negative bool) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	sign := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return false, false
	}
	nonzero, prevDigit := false, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Nd, r):
			if r != '0' {
				nonzero = true
			}
			prevDigit = true
		case r == '_' && prevDigit:
			prevDigit = false
		default:
			return false, false
		}
	}
	if !prevDigit {
		return false, false
	}
	return true, sign && nonzero
}
