package hashers

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2 is Argon2id in Django's format:
// "argon2$argon2id$v=19$m=<KiB>,t=<time>,p=<lanes>$<b64 salt>$<b64 hash>".
// Argon2i hashes verify too (and are upgraded); Argon2d is not supported.
type Argon2 struct {
	Time        uint32 // passes; 0 means 2
	Memory      uint32 // KiB; 0 means 102400
	Parallelism uint8  // lanes; 0 means 8
	KeyLength   uint32 // hash bytes; 0 means 16
}

var _ Hasher = Argon2{}

func (Argon2) Algorithm() string { return "argon2" }

func (a Argon2) params() argon2Params {
	p := argon2Params{variety: "argon2id", version: 19, time: a.Time, memory: a.Memory, lanes: uint32(a.Parallelism), keyLen: a.KeyLength}
	if p.time == 0 {
		p.time = 2
	}
	if p.memory == 0 {
		p.memory = 102400
	}
	if p.lanes == 0 {
		p.lanes = 8
	}
	if p.keyLen == 0 {
		p.keyLen = 16
	}
	return p
}

type argon2Params struct {
	variety                              string
	version, time, memory, lanes, keyLen uint32
	salt, hash                           []byte
}

var b64 = base64.RawStdEncoding

func (a Argon2) Encode(password, salt string) (string, error) {
	if salt == "" {
		salt = NewSalt()
	}
	p := a.params()
	sum := argon2.IDKey([]byte(password), []byte(salt), p.time, p.memory, uint8(p.lanes), p.keyLen)
	return fmt.Sprintf("argon2$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
		p.memory, p.time, p.lanes, b64.EncodeToString([]byte(salt)), b64.EncodeToString(sum)), nil
}

func argon2Decode(encoded string) (argon2Params, error) {
	var p argon2Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "argon2" {
		return p, malformed("argon2", "want 6 fields")
	}
	p.variety = parts[1]
	if p.variety != "argon2id" && p.variety != "argon2i" {
		return p, malformed("argon2", "unsupported variety %q", p.variety)
	}
	if parts[2] != "v=19" {
		return p, malformed("argon2", "unsupported version %q", parts[2])
	}
	p.version = 19
	var m, t, l uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &l); err != nil || n != 3 || fmt.Sprintf("m=%d,t=%d,p=%d", m, t, l) != parts[3] {
		return p, malformed("argon2", "bad parameters %q", parts[3])
	}
	if t == 0 || t > 1<<16 || l == 0 || l > 255 || m < 8*l || m > 1<<22 {
		return p, malformed("argon2", "parameters out of range %q", parts[3])
	}
	p.memory, p.time, p.lanes = m, t, l
	var ok bool
	// Unpadded base64 with zero trailing bits and nothing else (no line
	// breaks), as the reference implementation insists.
	if p.salt, ok = canonicalB64(parts[4]); !ok || len(p.salt) < 8 {
		return p, malformed("argon2", "bad salt")
	}
	if p.hash, ok = canonicalB64(parts[5]); !ok || len(p.hash) < 4 {
		return p, malformed("argon2", "bad hash")
	}
	p.keyLen = uint32(len(p.hash))
	return p, nil
}

func (a Argon2) Verify(password, encoded string) (bool, error) {
	// As Django with argon2-cffi: a value with a non-ASCII character, or
	// whose first nine characters after "argon2" are not "$argon2i$",
	// "$argon2d$" or "$argon2id", is an error (UnicodeEncodeError,
	// InvalidHash); any other one that does not decode, or that this
	// package cannot compute (Argon2d, version 16), does not match.
	rest, _ := strings.CutPrefix(encoded, "argon2")
	for i := 0; i < len(rest); i++ {
		if rest[i] >= 0x80 {
			return false, malformed("argon2", "non-ASCII character")
		}
	}
	if len(rest) < 9 || (rest[:9] != "$argon2i$" && rest[:9] != "$argon2d$" && rest[:9] != "$argon2id") {
		return false, malformed("argon2", "no argon2 variety")
	}
	p, err := argon2Decode(encoded)
	if err != nil {
		return false, nil
	}
	var sum []byte
	if p.variety == "argon2id" {
		sum = argon2.IDKey([]byte(password), p.salt, p.time, p.memory, uint8(p.lanes), p.keyLen)
	} else {
		sum = argon2.Key([]byte(password), p.salt, p.time, p.memory, uint8(p.lanes), p.keyLen)
	}
	return subtle.ConstantTimeCompare(sum, p.hash) == 1, nil
}

// canonicalB64 decodes s if it is exactly the unpadded standard base64
// of some bytes.
func canonicalB64(s string) ([]byte, bool) {
	b, err := b64.DecodeString(s)
	if err != nil || b64.EncodeToString(b) != s {
		return nil, false
	}
	return b, true
}

func (a Argon2) MustUpdate(encoded string) bool {
	p, err := argon2Decode(encoded)
	if err != nil {
		// As argon2-cffi reads parameters: a hash without "v=" is
		// version 18 (Argon2 1.2), and another version than 19 is old.
		parts := strings.Split(encoded, "$")
		return len(parts) == 5 || len(parts) == 6 && strings.HasPrefix(parts[2], "v=") && parts[2] != "v=19"
	}
	want := a.params()
	return p.variety != want.variety || p.time != want.time || p.memory != want.memory ||
		p.lanes != want.lanes || p.keyLen != want.keyLen || weakSaltLen(len(p.salt))
}

// HardenRuntime does nothing: Argon2's cost cannot be topped up after the fact.
func (Argon2) HardenRuntime(password, encoded string) {}
