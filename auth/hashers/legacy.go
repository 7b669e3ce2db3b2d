package hashers

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"strings"
	"unicode/utf8"
)

// MD5, SHA1, UnsaltedMD5 and UnsaltedSHA1 verify the weak formats that old
// Django installations stored, so that they can be checked once and
// upgraded (Check reports mustUpdate for them when they are not first in
// the list, which they never should be). None is in Default(); add the
// ones your data needs after the strong hashers:
//
//	hs := append(hashers.Default(), hashers.MD5{}, hashers.UnsaltedMD5{})
//
// Django 5.x still ships MD5 (md5$<salt>$<hex>); it removed SHA1
// (sha1$<salt>$<hex>) and the unsalted ones (a bare 32-digit MD5 hex or
// md5$$<hex>, and sha1$$<hex>) in 5.1.
type (
	MD5          struct{}
	SHA1         struct{}
	UnsaltedMD5  struct{}
	UnsaltedSHA1 struct{}
)

var (
	_ Hasher = MD5{}
	_ Hasher = SHA1{}
	_ Hasher = UnsaltedMD5{}
	_ Hasher = UnsaltedSHA1{}
)

func (MD5) Algorithm() string          { return "md5" }
func (SHA1) Algorithm() string         { return "sha1" }
func (UnsaltedMD5) Algorithm() string  { return "unsalted_md5" }
func (UnsaltedSHA1) Algorithm() string { return "unsalted_sha1" }

func hexSum(h func() hash.Hash, s string) string {
	d := h()
	d.Write([]byte(s))
	return hex.EncodeToString(d.Sum(nil))
}

// saltedEncode writes "<alg>$<salt>$<hex of hash(salt+password)>". The
// salt may not be empty nor hold a "$".
func saltedEncode(alg string, h func() hash.Hash, password, salt string) (string, error) {
	if salt == "" {
		salt = NewSalt()
	}
	if strings.Contains(salt, "$") {
		return "", malformed(alg, "salt contains '$'")
	}
	return alg + "$" + salt + "$" + hexSum(h, salt+password), nil
}

// saltedVerify re-encodes with the stored salt and compares the whole
// text, as Django does: fewer than three fields is an error, an empty
// salt never matches.
func saltedVerify(alg string, h func() hash.Hash, password, encoded string) (bool, error) {
	parts := strings.SplitN(encoded, "$", 3)
	if len(parts) != 3 || parts[0] != alg {
		return false, malformed(alg, "want 3 fields")
	}
	if parts[1] == "" {
		return false, nil
	}
	want := alg + "$" + parts[1] + "$" + hexSum(h, parts[1]+password)
	return subtle.ConstantTimeCompare([]byte(want), []byte(encoded)) == 1, nil
}

func saltedMustUpdate(alg, encoded string) bool {
	parts := strings.SplitN(encoded, "$", 3)
	return len(parts) == 3 && parts[0] == alg && weakSalt(parts[1])
}

// Encode hashes salt+password with MD5; an empty salt means a new one.
func (m MD5) Encode(password, salt string) (string, error) {
	return saltedEncode(m.Algorithm(), md5.New, password, salt)
}
func (m MD5) Verify(password, encoded string) (bool, error) {
	return saltedVerify(m.Algorithm(), md5.New, password, encoded)
}

// MustUpdate is true for a salt of less than 128 bits.
func (m MD5) MustUpdate(encoded string) bool { return saltedMustUpdate(m.Algorithm(), encoded) }

// HardenRuntime does nothing: MD5 has no work factor.
func (MD5) HardenRuntime(password, encoded string) {}

// Encode hashes salt+password with SHA-1; an empty salt means a new one.
func (s SHA1) Encode(password, salt string) (string, error) {
	return saltedEncode(s.Algorithm(), sha1.New, password, salt)
}
func (s SHA1) Verify(password, encoded string) (bool, error) {
	return saltedVerify(s.Algorithm(), sha1.New, password, encoded)
}

// MustUpdate is true for a salt of less than 128 bits.
func (s SHA1) MustUpdate(encoded string) bool { return saltedMustUpdate(s.Algorithm(), encoded) }

// HardenRuntime does nothing: SHA-1 has no work factor.
func (SHA1) HardenRuntime(password, encoded string) {}

// Encode returns the bare MD5 hex of password; salt must be empty.
func (u UnsaltedMD5) Encode(password, salt string) (string, error) {
	if salt != "" {
		return "", malformed(u.Algorithm(), "takes no salt")
	}
	return hexSum(md5.New, password), nil
}

// Verify accepts the bare hex and "md5$$<hex>".
func (UnsaltedMD5) Verify(password, encoded string) (bool, error) {
	if utf8.RuneCountInString(encoded) == 37 && strings.HasPrefix(encoded, "md5$$") {
		encoded = encoded[len("md5$$"):]
	}
	return subtle.ConstantTimeCompare([]byte(hexSum(md5.New, password)), []byte(encoded)) == 1, nil
}
func (UnsaltedMD5) MustUpdate(encoded string) bool         { return false }
func (UnsaltedMD5) HardenRuntime(password, encoded string) {}

// Encode returns "sha1$$<SHA-1 hex of password>"; salt must be empty.
func (u UnsaltedSHA1) Encode(password, salt string) (string, error) {
	if salt != "" {
		return "", malformed(u.Algorithm(), "takes no salt")
	}
	return "sha1$$" + hexSum(sha1.New, password), nil
}
func (UnsaltedSHA1) Verify(password, encoded string) (bool, error) {
	return subtle.ConstantTimeCompare([]byte("sha1$$"+hexSum(sha1.New, password)), []byte(encoded)) == 1, nil
}
func (UnsaltedSHA1) MustUpdate(encoded string) bool         { return false }
func (UnsaltedSHA1) HardenRuntime(password, encoded string) {}

// legacyAlgorithm names the unsalted format of encoded as Django's
// identify_hasher does (by length in characters and prefix), or "".
func legacyAlgorithm(encoded string) string {
	switch n := utf8.RuneCountInString(encoded); {
	case n == 32 && !strings.Contains(encoded, "$"), n == 37 && strings.HasPrefix(encoded, "md5$$"):
		return "unsalted_md5"
	case n == 46 && strings.HasPrefix(encoded, "sha1$$"):
		return "unsalted_sha1"
	}
	return ""
}
