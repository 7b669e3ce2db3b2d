package hashers

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// ErrMalformed reports an encoded password whose algorithm is known but
// whose fields cannot be parsed (Django raises ValueError there).
var ErrMalformed = errors.New("malformed encoded password")

// ErrNoHashers is returned by the methods of an empty Hashers list.
var ErrNoHashers = errors.New("no password hashers configured")

// MalformedError says which encoded password could not be parsed and why.
type MalformedError struct {
	Algorithm string
	Reason    string
}

func (e *MalformedError) Error() string {
	return fmt.Sprintf("malformed encoded password: %s: %s", e.Algorithm, e.Reason)
}

// Is makes the error match ErrMalformed.
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }

func malformed(alg, format string, args ...any) error {
	return &MalformedError{Algorithm: alg, Reason: fmt.Sprintf(format, args...)}
}

// Hasher is one password hashing algorithm in Django's encoded format,
// "<algorithm>$...".
type Hasher interface {
	// Algorithm is the prefix of the encoded form, e.g. "pbkdf2_sha256".
	Algorithm() string
	// Encode hashes password with salt; an empty salt means a fresh
	// random one. The bcrypt hashers take a salt in bcrypt's own form,
	// "$2b$<cost>$<22 characters>", as Django's do.
	Encode(password, salt string) (string, error)
	// Verify reports whether password matches encoded, comparing in
	// constant time. A malformed encoded value gives an error matching
	// ErrMalformed.
	Verify(password, encoded string) (bool, error)
	// MustUpdate reports whether encoded was made with weaker settings
	// (work factor, salt length) than the hasher's current ones.
	MustUpdate(encoded string) bool
	// HardenRuntime spends the time a wrong password would have cost had
	// encoded used the current work factor, so that a failed login
	// against an old hash is not measurably faster.
	HardenRuntime(password, encoded string)
}

// Hashers is an ordered list of hashers, Django's PASSWORD_HASHERS: the
// first encodes new passwords, every one verifies passwords in its format.
type Hashers []Hasher

// Default returns Django's default list: PBKDF2-SHA256 (1,000,000
// iterations), PBKDF2-SHA1, Argon2id, BCrypt-SHA256 and scrypt.
func Default() Hashers {
	return Hashers{PBKDF2{}, PBKDF2SHA1{}, Argon2{}, BCryptSHA256{}, Scrypt{}}
}

// UnusablePrefix starts every unusable password.
const UnusablePrefix = "!"

// unusableSuffixLength is the number of random characters after "!".
const unusableSuffixLength = 40

// Unusable returns a new unusable password: "!" followed by 40 random
// characters, as Django's make_password(None). No password checks against it.
func Unusable() string {
	return UnusablePrefix + RandomString(unusableSuffixLength)
}

// IsUsable reports whether encoded can ever match a password: false only
// for values that start with "!" (Django's is_password_usable).
func IsUsable(encoded string) bool {
	return !strings.HasPrefix(encoded, UnusablePrefix)
}

// Make hashes password with the preferred (first) hasher and a new salt.
func (hs Hashers) Make(password string) (string, error) {
	if len(hs) == 0 {
		return "", ErrNoHashers
	}
	return hs[0].Encode(password, "")
}

// Get returns the hasher for an algorithm name.
func (hs Hashers) Get(algorithm string) (Hasher, bool) {
	for _, h := range hs {
		if h.Algorithm() == algorithm {
			return h, true
		}
	}
	return nil, false
}

// Identify returns the hasher that produced encoded, if it is in the list.
func (hs Hashers) Identify(encoded string) (Hasher, bool) {
	// As Django: a 32-character value without "$" or a 37-character
	// "md5$$..." is unsalted MD5, a 46-character "sha1$$..." unsalted
	// SHA-1; otherwise the algorithm is the text before the first "$", or
	// all of it ("pbkdf2_sha256" alone is a malformed PBKDF2 hash).
	alg := legacyAlgorithm(encoded)
	if alg == "" {
		alg, _, _ = strings.Cut(encoded, "$")
	}
	return hs.Get(alg)
}

// Check reports whether password matches encoded, and whether encoded
// should be replaced by hs.Make(password) because it uses another
// algorithm or weaker settings than the preferred hasher (Django's
// check_password; store the new hash when ok && mustUpdate).
//
// Unusable passwords, unknown algorithms and garbage never match and are
// not errors; a known algorithm with unparsable fields gives an error
// matching ErrMalformed. A wrong password costs about the same time
// whatever the stored hash: an unusable password runs the preferred
// hasher once, and an outdated work factor is made up by HardenRuntime.
func (hs Hashers) Check(password, encoded string) (ok, mustUpdate bool, err error) {
	if len(hs) == 0 {
		return false, false, ErrNoHashers
	}
	preferred := hs[0]
	if !IsUsable(encoded) {
		hs.HashDummy(password)
		return false, false, nil
	}
	h, found := hs.Identify(encoded)
	if !found {
		return false, false, nil
	}
	changed := h.Algorithm() != preferred.Algorithm()
	mustUpdate = changed || preferred.MustUpdate(encoded)
	ok, err = h.Verify(password, encoded)
	if err != nil {
		return false, false, err
	}
	if !ok && !changed && mustUpdate {
		h.HardenRuntime(password, encoded)
	}
	return ok, mustUpdate, nil
}

// HashDummy runs the preferred hasher once and discards the result. Call
// it when there is no user to check a password against, so that "no such
// user" costs the same time as "wrong password".
func (hs Hashers) HashDummy(password string) {
	if len(hs) > 0 {
		hs[0].Encode(password, "")
	}
}

// MakePassword hashes password with Default().
func MakePassword(password string) (string, error) { return Default().Make(password) }

// CheckPassword is Default().Check.
func CheckPassword(password, encoded string) (ok, mustUpdate bool, err error) {
	return Default().Check(password, encoded)
}

// RandomChars is the alphabet of salts and unusable passwords.
const RandomChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// saltEntropy is the number of random bits in a generated salt.
const saltEntropy = 128

// RandomString returns n characters drawn uniformly from RandomChars with
// crypto/rand.
func RandomString(n int) string {
	b := make([]byte, n)
	var buf [64]byte
	for i := 0; i < n; {
		rand.Read(buf[:]) // never fails (crypto/rand panics internally if it could)
		for _, c := range buf {
			if c >= 248 { // 248 = 4*62: reject to keep the draw uniform
				continue
			}
			b[i] = RandomChars[int(c)%len(RandomChars)]
			i++
			if i == n {
				break
			}
		}
	}
	return string(b)
}

// saltLength is the number of RandomChars characters carrying saltEntropy
// bits (22).
func saltLength() int {
	return int(math.Ceil(saltEntropy / math.Log2(float64(len(RandomChars)))))
}

// NewSalt returns a random 22-character salt (128 bits of entropy).
func NewSalt() string { return RandomString(saltLength()) }

// weakSalt reports whether salt has fewer than 128 bits of entropy,
// counting each character (not byte) as one of RandomChars, as Django does.
func weakSalt(salt string) bool { return weakSaltLen(utf8.RuneCountInString(salt)) }

// weakSaltLen is weakSalt for a salt of n characters.
func weakSaltLen(n int) bool {
	return float64(n)*math.Log2(float64(len(RandomChars))) < saltEntropy
}
