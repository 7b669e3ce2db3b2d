package hashers

import (
	"errors"
	"strings"
	"testing"
)

// cheap returns fast instances of every hasher.
func cheap() Hashers {
	return Hashers{
		PBKDF2{Iterations: 1000},
		PBKDF2SHA1{Iterations: 1000},
		Argon2{Time: 1, Memory: 64, Parallelism: 1},
		BCryptSHA256{Rounds: 4},
		BCrypt{Rounds: 4},
		Scrypt{WorkFactor: 16, BlockSize: 1, Parallelism: 1},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, h := range cheap() {
		t.Run(h.Algorithm(), func(t *testing.T) {
			enc, err := h.Encode("s3cret pässword", "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(enc, h.Algorithm()+"$") {
				t.Fatalf("encoded %q lacks prefix", enc)
			}
			hs := Hashers{h}
			for _, tc := range []struct {
				pw   string
				want bool
			}{{"s3cret pässword", true}, {"s3cret passwörd", false}, {"", false}} {
				ok, upd, err := hs.Check(tc.pw, enc)
				if err != nil || ok != tc.want || upd {
					t.Errorf("Check(%q) = %v %v %v, want %v false nil", tc.pw, ok, upd, err, tc.want)
				}
			}
			enc2, _ := h.Encode("s3cret pässword", "")
			if enc2 == enc {
				t.Error("two encodings share a salt")
			}
		})
	}
}

func TestDefaultList(t *testing.T) {
	want := []string{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "scrypt"}
	hs := Default()
	for i, h := range hs {
		if h.Algorithm() != want[i] {
			t.Fatalf("default[%d] = %s", i, h.Algorithm())
		}
	}
	if (PBKDF2{}).MustUpdate("pbkdf2_sha256$999999$abcdefghijklmnopqrstuv$x") != true ||
		(PBKDF2{}).MustUpdate("pbkdf2_sha256$1000000$abcdefghijklmnopqrstuv$x") != false {
		t.Fatal("default iterations are not 1,000,000")
	}
}

func TestMustUpdate(t *testing.T) {
	old, _ := PBKDF2{Iterations: 1000}.Encode("pw", "")
	if !(PBKDF2{Iterations: 2000}).MustUpdate(old) || (PBKDF2{Iterations: 1000}).MustUpdate(old) {
		t.Error("pbkdf2 iterations")
	}
	short, _ := PBKDF2{Iterations: 1000}.Encode("pw", "seasalt")
	if !(PBKDF2{Iterations: 1000}).MustUpdate(short) {
		t.Error("short salt not upgraded")
	}
	a, _ := Argon2{Time: 1, Memory: 64, Parallelism: 1}.Encode("pw", "")
	if !(Argon2{Time: 2, Memory: 64, Parallelism: 1}).MustUpdate(a) || (Argon2{Time: 1, Memory: 64, Parallelism: 1}).MustUpdate(a) {
		t.Error("argon2 params")
	}
	b, _ := BCryptSHA256{Rounds: 4}.Encode("pw", "")
	if !(BCryptSHA256{Rounds: 5}).MustUpdate(b) || (BCryptSHA256{Rounds: 4}).MustUpdate(b) {
		t.Error("bcrypt rounds")
	}
	s, _ := Scrypt{WorkFactor: 16, BlockSize: 1, Parallelism: 1}.Encode("pw", "")
	if !(Scrypt{WorkFactor: 32, BlockSize: 1, Parallelism: 1}).MustUpdate(s) || (Scrypt{WorkFactor: 16, BlockSize: 1, Parallelism: 1}).MustUpdate(s) {
		t.Error("scrypt params")
	}
	// Another algorithm than the preferred one is always upgraded.
	sha1, _ := PBKDF2SHA1{Iterations: 1000}.Encode("pw", "")
	ok, upd, err := cheap().Check("pw", sha1)
	if !ok || !upd || err != nil {
		t.Errorf("sha1 hash: %v %v %v", ok, upd, err)
	}
}

func TestBCryptDjangoVariant(t *testing.T) {
	enc, _ := BCryptSHA256{Rounds: 4}.Encode("pw", "")
	if !strings.HasPrefix(enc, "bcrypt_sha256$$2b$04$") {
		t.Fatalf("got %q", enc)
	}
	long := strings.Repeat("x", 72)
	plain, _ := BCrypt{Rounds: 4}.Encode(long, "")
	if ok, _ := (BCrypt{}).Verify(long+"EXTRA", plain); !ok {
		t.Error("plain bcrypt should ignore bytes after 72 (Django behaviour)")
	}
	sha, _ := BCryptSHA256{Rounds: 4}.Encode(long, "")
	if ok, _ := (BCryptSHA256{}).Verify(long+"EXTRA", sha); ok {
		t.Error("bcrypt_sha256 truncated the password")
	}
}

// spy records what Check asks of the preferred hasher.
type spy struct {
	PBKDF2
	encodes, hardens int
}

func (s *spy) Encode(pw, salt string) (string, error) { s.encodes++; return s.PBKDF2.Encode(pw, salt) }
func (s *spy) HardenRuntime(pw, enc string)           { s.hardens++; s.PBKDF2.HardenRuntime(pw, enc) }

func TestTimingEqualisation(t *testing.T) {
	s := &spy{PBKDF2: PBKDF2{Iterations: 2000}}
	hs := Hashers{s, PBKDF2SHA1{Iterations: 1000}}
	old, _ := PBKDF2{Iterations: 1000}.Encode("pw", "")
	// Wrong password against a cheaper hash of the same algorithm: harden.
	if ok, upd, _ := hs.Check("wrong", old); ok || !upd || s.hardens != 1 {
		t.Fatalf("ok=%v upd=%v hardens=%d", ok, upd, s.hardens)
	}
	// Right password: no hardening (the caller re-hashes instead).
	if ok, _, _ := hs.Check("pw", old); !ok || s.hardens != 1 {
		t.Fatalf("right password hardened: %d", s.hardens)
	}
	// Unusable password: the preferred hasher runs once (CVE-2024-39329).
	s.encodes = 0
	if ok, _, _ := hs.Check("pw", Unusable()); ok || s.encodes != 1 {
		t.Fatalf("unusable: ok=%v encodes=%d", ok, s.encodes)
	}
	hs.HashDummy("pw")
	if s.encodes != 2 {
		t.Fatal("HashDummy did not hash")
	}
}

func TestHardenRuntimeCosts(t *testing.T) {
	old, _ := PBKDF2{Iterations: 1000}.Encode("pw", "")
	// HardenRuntime must do the missing work; verify it runs without
	// error on old and on malformed input.
	PBKDF2{Iterations: 3000}.HardenRuntime("x", old)
	PBKDF2{Iterations: 3000}.HardenRuntime("x", "pbkdf2_sha256$")
	b, _ := BCrypt{Rounds: 4}.Encode("pw", "")
	BCrypt{Rounds: 5}.HardenRuntime("x", b)
}

func TestUnusable(t *testing.T) {
	u := Unusable()
	if len(u) != 41 || IsUsable(u) || u == Unusable() {
		t.Fatalf("bad unusable password %q", u)
	}
	for _, c := range u[1:] {
		if !strings.ContainsRune(RandomChars, c) {
			t.Fatalf("char %q", c)
		}
	}
	if !IsUsable("") || !IsUsable("pbkdf2_sha256$1$a$b") || IsUsable("!") {
		t.Fatal("IsUsable")
	}
}

func TestMalformed(t *testing.T) {
	hs := cheap()
	for _, enc := range []string{
		"pbkdf2_sha256$", "pbkdf2_sha256$x$salt$hash", "pbkdf2_sha256$-5$salt$hash", "pbkdf2_sha1$1000$salt",
		"argon2$", "argon2$argon2x$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "argon2$$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"pbkdf2_sha256$1e3$salt$hash", "pbkdf2_sha256$$salt$hash",
		"bcrypt_sha256$", "bcrypt_sha256$$2b$xx$abc", "bcrypt$$2b$04$short", "bcrypt$$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
		"bcrypt$$2b$03$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "bcrypt$$2b$4$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
		"scrypt$16$salt$1$1", "scrypt$15$salt$1$1$hash", "scrypt$1073741824$salt$8$1$hash",
	} {
		ok, _, err := hs.Check("pw", enc)
		if ok || !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: ok=%v err=%v", enc, ok, err)
		}
	}
	// As Django (with argon2-cffi and bcrypt): these name their hasher
	// and do not decode, or cannot be computed, but are not errors.
	for _, enc := range []string{"", "garbage", "md5$nope", "unknown$1$2$3", "!",
		"argon2$argon2d$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "argon2$argon2id$v=16$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"argon2$argon2id$v=19$m=9999999999,t=1,p=1$c2FsdA$aGFzaA", "argon2$argon2id$v=19$m=64$c2FsdA$aGFzaA",
		"argon2$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA", "argon2$argon2id$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$aGFzaA",
		"pbkdf2_sha256$0$salt$hash", "pbkdf2_sha256$ 1000$salt$hash", "pbkdf2_sha256$1_000$salt$hash",
	} {
		if ok, _, err := hs.Check("pw", enc); ok || err != nil {
			t.Errorf("%q: ok=%v err=%v", enc, ok, err)
		}
	}
	if _, _, err := (Hashers{}).Check("pw", "x"); !errors.Is(err, ErrNoHashers) {
		t.Error("empty list")
	}
	if _, err := (PBKDF2{}).Encode("pw", "a$b"); err == nil {
		t.Error("salt with $ accepted")
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"pbkdf2_sha256$1000$salt$hash", "argon2$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "bcrypt_sha256$$2b$04$abc", "scrypt$16$salt$1$1$hash", "!", ""} {
		f.Add(s)
	}
	hs := cheap()
	f.Fuzz(func(t *testing.T, enc string) {
		// Parsing and upgrade decisions must never panic; verification
		// is left out as some parameters legitimately cost seconds.
		pbkdf2Decode("pbkdf2_sha256", enc)
		argon2Decode(enc)
		scryptDecode(enc)
		bcryptData("bcrypt", enc)
		hs.Identify(enc)
		for _, h := range hs {
			h.MustUpdate(enc)
		}
		_ = IsUsable(enc)
	})
}

// As Django's identify_hasher, a value without "$" names its algorithm
// with all of it: a bare algorithm name is a malformed hash, not garbage.
func TestIdentifyWithoutDollar(t *testing.T) {
	hs := Hashers{PBKDF2{Iterations: 1000}, BCrypt{}}
	for _, enc := range []string{"pbkdf2_sha256", "bcrypt"} {
		if _, _, err := hs.Check("password", enc); !errors.Is(err, ErrMalformed) {
			t.Errorf("Check(%q): %v, want ErrMalformed", enc, err)
		}
	}
}

// A bcrypt salt in bcrypt's form gives Python's bcrypt.hashpw result
// (Django's encode(password, salt)); the salt's unused bits are cleared.
// Values Django re-encodes to something else never match, even with the
// right hash: a non-canonical iteration count, padded Argon2 base64, a
// bcrypt text longer than 60 characters or with an unnormalised salt.
func TestNonCanonicalNeverMatches(t *testing.T) {
	hs := Hashers{PBKDF2{Iterations: 1000}, Argon2{}, BCryptSHA256{}, BCrypt{}}
	good := []string{
		"pbkdf2_sha256$1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
		"argon2$argon2id$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$H2Cp6BCcmm7WIhB4skwnCQ",
		"bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2",
		"bcrypt$$2y$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
	}
	for _, enc := range good {
		if ok, _, err := hs.Check("password", enc); !ok || err != nil {
			t.Errorf("%q: %v %v", enc, ok, err)
		}
	}
	for _, enc := range []string{
		"pbkdf2_sha256$01000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
		"pbkdf2_sha256$+1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
		"argon2$argon2id$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$H2Cp6BCcmm7WIhB4skwnCQ==",
		"argon2$argon2id$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ==$H2Cp6BCcmm7WIhB4skwnCQ",
		"bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2x",
		"bcrypt$$2b$04$abcdefghijklmnopqrstuvghE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
	} {
		if ok, _, err := hs.Check("password", enc); ok || err != nil {
			t.Errorf("%q: %v %v, want false", enc, ok, err)
		}
	}
}

func TestBCryptEncodeWithSalt(t *testing.T) {
	for _, c := range []struct {
		h              Hasher
		password, salt string
		want           string
	}{
		{BCrypt{}, "password", "$2b$04$abcdefghijklmnopqrstuv", "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"},
		{BCrypt{}, "password", "$2a$04$abcdefghijklmnopqrstu.", "bcrypt$$2a$04$abcdefghijklmnopqrstu.utqifOaYVU3C7488gLW7DiF2.D.avTW"},
		{BCryptSHA256{}, "password", "$2b$04$abcdefghijklmnopqrstuu", "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2"},
	} {
		got, err := c.h.Encode(c.password, c.salt)
		if err != nil || got != c.want {
			t.Errorf("%s.Encode(%q, %q) = %q, %v; want %q", c.h.Algorithm(), c.password, c.salt, got, err, c.want)
		}
	}
	for _, salt := range []string{"nope", "$2b$4$abcdefghijklmnopqrstuu", "$2x$04$abcdefghijklmnopqrstuu", "$2b$04$short"} {
		if _, err := (BCrypt{}).Encode("pw", salt); !errors.Is(err, ErrMalformed) {
			t.Errorf("Encode with salt %q: %v", salt, err)
		}
	}
}
