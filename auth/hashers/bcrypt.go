package hashers

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
	//lint:ignore SA1019 Django's bcrypt hashers need the Blowfish key schedule itself.
	"golang.org/x/crypto/blowfish"
)

// DefaultBCryptRounds is the bcrypt cost (log2 rounds) of new hashes.
const DefaultBCryptRounds = 12

// BCryptSHA256 is bcrypt over the hex SHA-256 of the password, so that
// passwords longer than bcrypt's 72 bytes are not truncated:
// "bcrypt_sha256$$2b$12$<salt+hash>".
type BCryptSHA256 struct {
	Rounds int // cost; 0 means DefaultBCryptRounds
}

// BCrypt is plain bcrypt: "bcrypt$$2b$12$...". Like Django's, it only
// looks at the first 72 bytes of a password; prefer BCryptSHA256.
type BCrypt struct {
	Rounds int // cost; 0 means DefaultBCryptRounds
}

var (
	_ Hasher = BCryptSHA256{}
	_ Hasher = BCrypt{}
)

func (BCryptSHA256) Algorithm() string { return "bcrypt_sha256" }
func (BCrypt) Algorithm() string       { return "bcrypt" }

func roundsOr(n int) int {
	if n <= 0 {
		return DefaultBCryptRounds
	}
	return n
}

func sha256Hex(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	return []byte(hex.EncodeToString(sum[:]))
}

func truncate72(password string) []byte {
	b := []byte(password)
	if len(b) > 72 {
		b = b[:72]
	}
	return b
}

func bcryptEncode(alg string, pw []byte, rounds int) (string, error) {
	h, err := bcrypt.GenerateFromPassword(pw, rounds)
	if err != nil {
		return "", err
	}
	s := string(h)
	// Go writes the "2a" variant; Python's bcrypt (Django) writes "2b".
	// Both name the same algorithm for passwords under 255 bytes.
	if strings.HasPrefix(s, "$2a$") {
		s = "$2b$" + s[4:]
	}
	return alg + "$" + s, nil
}

// bcryptAlphabet is bcrypt's own base64 alphabet (no padding).
const bcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

var bcrypt64 = base64.NewEncoding(bcryptAlphabet).WithPadding(base64.NoPadding)

// bcryptWithSalt hashes pw with a salt written as bcrypt writes one,
// "$2b$<cost>$<22 characters>" (Django's salt() for the bcrypt hashers,
// given to encode), so that a known salt gives the same hash as Python's
// bcrypt.hashpw. The salt's 16 bytes are written back normalised, as
// hashpw does.
func bcryptWithSalt(alg string, pw []byte, salt string) (string, error) {
	parts := strings.Split(salt, "$")
	if len(parts) != 4 || parts[0] != "" || (parts[1] != "2b" && parts[1] != "2a" && parts[1] != "2y") || len(parts[3]) != 22 {
		return "", malformed(alg, "bad salt %q: want $2b$<cost>$<22 characters>", salt)
	}
	cost, err := strconv.Atoi(parts[2])
	if err != nil || len(parts[2]) != 2 || cost < 4 || cost > 31 {
		return "", malformed(alg, "bad cost in salt %q", salt)
	}
	// 22 characters carry 132 bits: the last 4 are dropped (the decoder
	// is not strict about them), as bcrypt does.
	csalt, err := bcrypt64.DecodeString(parts[3])
	if err != nil || len(csalt) != 16 {
		return "", malformed(alg, "bad salt %q", salt)
	}
	if len(pw) > 72 {
		pw = pw[:72]
	}
	key := append(append(make([]byte, 0, len(pw)+1), pw...), 0)
	c, err := blowfish.NewSaltedCipher(key, csalt)
	if err != nil {
		return "", malformed(alg, "%v", err)
	}
	for i := uint64(0); i < 1<<uint(cost); i++ {
		blowfish.ExpandKey(key, c)
		blowfish.ExpandKey(csalt, c)
	}
	data := []byte("OrpheanBeholderScryDoubt")
	for i := 0; i < 24; i += 8 {
		for range 64 {
			c.Encrypt(data[i:i+8], data[i:i+8])
		}
	}
	return alg + "$$" + parts[1] + "$" + parts[2] + "$" + bcrypt64.EncodeToString(csalt) + bcrypt64.EncodeToString(data[:23]), nil
}

func bcryptData(alg, encoded string) (string, int, error) {
	prefix := alg + "$"
	if !strings.HasPrefix(encoded, prefix) {
		return "", 0, malformed(alg, "wrong algorithm")
	}
	data := encoded[len(prefix):]
	for i := 0; i < len(data); i++ {
		if data[i] >= 0x80 {
			// Django hands the text to bcrypt as ASCII (UnicodeEncodeError).
			return "", 0, malformed(alg, "non-ASCII character")
		}
	}
	parts := strings.SplitN(data, "$", 4)
	if len(parts) != 4 || parts[0] != "" {
		return "", 0, malformed(alg, "want $<variant>$<cost>$<data>")
	}
	cost, err := strconv.Atoi(parts[2])
	if err != nil {
		return "", 0, malformed(alg, "bad cost %q", parts[2])
	}
	return data, cost, nil
}

// bcryptVerify is Python's bcrypt.checkpw, as Django calls it: the salt
// (the first 29 characters, "$2b$<cost>$<22 characters>") must be valid,
// or it is an error; the password matches when hashing it with that salt
// gives exactly the stored text.
func bcryptVerify(alg string, pw []byte, encoded string) (bool, error) {
	data, _, err := bcryptData(alg, encoded)
	if err != nil {
		return false, err
	}
	if len(data) < 29 {
		return false, malformed(alg, "salt too short")
	}
	got, err := bcryptWithSalt(alg, pw, data[:29])
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(encoded)) == 1, nil
}

func bcryptMustUpdate(alg, encoded string, rounds int) bool {
	_, cost, err := bcryptData(alg, encoded)
	return err == nil && cost != rounds
}

func bcryptHarden(alg string, pw []byte, encoded string, rounds int) {
	_, cost, err := bcryptData(alg, encoded)
	if err != nil || cost >= rounds || cost < bcrypt.MinCost {
		return
	}
	// Each extra round doubles the work: hash 2^(rounds-cost) - 1 more
	// times at the old cost.
	for diff := (1 << (rounds - cost)) - 1; diff > 0; diff-- {
		bcrypt.GenerateFromPassword(pw, cost)
	}
}

// Encode hashes password with a new random salt, or with salt when it is
// given in bcrypt's form "$2b$<cost>$<22 characters>" (its cost then
// wins over Rounds).
func (b BCryptSHA256) Encode(password, salt string) (string, error) {
	if salt != "" {
		return bcryptWithSalt(b.Algorithm(), sha256Hex(password), salt)
	}
	return bcryptEncode(b.Algorithm(), sha256Hex(password), roundsOr(b.Rounds))
}
func (b BCryptSHA256) Verify(password, encoded string) (bool, error) {
	return bcryptVerify(b.Algorithm(), sha256Hex(password), encoded)
}
func (b BCryptSHA256) MustUpdate(encoded string) bool {
	return bcryptMustUpdate(b.Algorithm(), encoded, roundsOr(b.Rounds))
}
func (b BCryptSHA256) HardenRuntime(password, encoded string) {
	bcryptHarden(b.Algorithm(), sha256Hex(password), encoded, roundsOr(b.Rounds))
}

// Encode is BCryptSHA256.Encode for plain bcrypt.
func (b BCrypt) Encode(password, salt string) (string, error) {
	if salt != "" {
		return bcryptWithSalt(b.Algorithm(), truncate72(password), salt)
	}
	return bcryptEncode(b.Algorithm(), truncate72(password), roundsOr(b.Rounds))
}
func (b BCrypt) Verify(password, encoded string) (bool, error) {
	return bcryptVerify(b.Algorithm(), truncate72(password), encoded)
}
func (b BCrypt) MustUpdate(encoded string) bool {
	return bcryptMustUpdate(b.Algorithm(), encoded, roundsOr(b.Rounds))
}
func (b BCrypt) HardenRuntime(password, encoded string) {
	bcryptHarden(b.Algorithm(), truncate72(password), encoded, roundsOr(b.Rounds))
}
