package hashers

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Behaviours found by testdata/gen_django_passwords_round2.py.

func TestPBKDF2CountAboveIntMax(t *testing.T) {
	// Python's hashlib raises OverflowError at once; hashing 2^31 times
	// would take hours.
	start := time.Now()
	for _, n := range []string{"2147483648", "4294967296", "9223372036854775807"} {
		ok, err := PBKDF2{}.Verify("password", "pbkdf2_sha256$"+n+"$seasalt$x")
		if ok || err != nil {
			t.Errorf("%s: %v %v, want false nil", n, ok, err)
		}
	}
	if time.Since(start) > 10*time.Second {
		t.Error("huge counts were hashed")
	}
}

func TestPBKDF2MustUpdateReadsCountAsPython(t *testing.T) {
	h := PBKDF2{}
	for enc, want := range map[string]bool{
		"pbkdf2_sha256$01000000$abcdefghijklmnopqrstuv$x":   false,
		"pbkdf2_sha256$ 1000000\t$abcdefghijklmnopqrstuv$x": false,
		"pbkdf2_sha256$1_000_000$abcdefghijklmnopqrstuv$x":  false,
		"pbkdf2_sha256$١٠٠٠٠٠٠$abcdefghijklmnopqrstuv$x":    false,
		"pbkdf2_sha256$01000000$abcdefghijklmnopqrstu$x":    true,
		"pbkdf2_sha256$0999999$abcdefghijklmnopqrstuv$x":    true,
		"pbkdf2_sha256$1e6$abcdefghijklmnopqrstuv$x":        false, // int() refuses: Django raises
	} {
		if got := h.MustUpdate(enc); got != want {
			t.Errorf("MustUpdate(%q) = %v", enc, got)
		}
	}
}

func TestSaltEntropyCountsCharacters(t *testing.T) {
	h := PBKDF2{}
	if !h.MustUpdate("pbkdf2_sha256$1000000$" + strings.Repeat("é", 21) + "$x") {
		t.Error("21 two-byte characters are 21 characters: weak")
	}
	if h.MustUpdate("pbkdf2_sha256$1000000$" + strings.Repeat("é", 22) + "$x") {
		t.Error("22 characters are strong")
	}
	if !(MD5{}).MustUpdate("md5$" + strings.Repeat("é", 21) + "$x") {
		t.Error("md5: 21 characters are weak")
	}
}

const argonPW = "argon2$argon2id$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$H2Cp6BCcmm7WIhB4skwnCQ" // "password", Django 3.2

func TestArgon2VerifyAsArgon2CFFI(t *testing.T) {
	h := Argon2{}
	if ok, err := h.Verify("password", argonPW); !ok || err != nil {
		t.Fatalf("reference hash: %v %v", ok, err)
	}
	for _, tc := range []struct {
		enc       string
		malformed bool
	}{
		{strings.Replace(argonPW, "argon2id", "argon2idx", 1), false}, // header "$argon2id" names Argon2id
		{"argon2$argon2id", false},
		{strings.Replace(argonPW, "bHQ$", "bHR$", 1), false}, // non-zero trailing bits in the salt
		{strings.TrimSuffix(argonPW, "Q") + "R", false},      // and in the hash
		{argonPW + "\n", false},
		{strings.Replace(argonPW, "c2Vh", "c2\nVh", 1), false},
		{argonPW + "é", true},
		{strings.Replace(argonPW, "c2Vh", "éc2Vh", 1), true},
		{"argon2$argon2x$é", true},
		{"argon2$argon2x$v=19", true},
	} {
		ok, err := h.Verify("password", tc.enc)
		if ok || errors.Is(err, ErrMalformed) != tc.malformed {
			t.Errorf("Verify(%q) = %v %v, want malformed %v", tc.enc, ok, err, tc.malformed)
		}
	}
}

func TestArgon2MustUpdateOldVersions(t *testing.T) {
	h := Argon2{}
	base := "argon2$argon2id$v=19$m=102400,t=2,p=8$c3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzcw$aGhoaGhoaGhoaGhoaGhoaA"
	if h.MustUpdate(base) {
		t.Fatal("current parameters upgraded")
	}
	for _, enc := range []string{strings.Replace(base, "v=19", "v=16", 1), strings.Replace(base, "v=19$", "", 1)} {
		if !h.MustUpdate(enc) {
			t.Errorf("MustUpdate(%q) = false", enc)
		}
	}
}

func TestBCryptNonASCIIIsMalformed(t *testing.T) {
	enc := "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2"
	if ok, err := (BCryptSHA256{}).Verify("password", enc); !ok || err != nil {
		t.Fatalf("reference hash: %v %v", ok, err)
	}
	bad := strings.Replace(enc, "BYg", "Bég", 1)
	if _, err := (BCryptSHA256{}).Verify("password", bad); !errors.Is(err, ErrMalformed) {
		t.Errorf("Verify(%q): %v, want ErrMalformed (Django's UnicodeEncodeError)", bad, err)
	}
}

func TestLegacyHashers(t *testing.T) {
	hs := Hashers{PBKDF2{Iterations: 1000}, MD5{}, SHA1{}, UnsaltedMD5{}, UnsaltedSHA1{}}
	for _, tc := range []struct {
		enc, alg string
		ok       bool
	}{
		{"md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22", "md5", true},
		{"sha1$seasalt$6292fe549ea4fd63a742ce4c58115c04e58732ea", "sha1", true},
		{"5f4dcc3b5aa765d61d8327deb882cf99", "unsalted_md5", true},
		{"md5$$5f4dcc3b5aa765d61d8327deb882cf99", "unsalted_md5", true},
		{"5F4DCC3B5AA765D61D8327DEB882CF99", "unsalted_md5", false},
		{"sha1$$5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", "unsalted_sha1", true},
		{"md5$$" + strings.Repeat("é", 32), "unsalted_md5", false}, // 37 characters
		{"md5$$1e9bf2bf5606aa5c39852cc30f0f6f2", "md5", false},     // 36: salted, empty salt
	} {
		h, found := hs.Identify(tc.enc)
		if !found || h.Algorithm() != tc.alg {
			t.Errorf("Identify(%q) = %v %v, want %s", tc.enc, h, found, tc.alg)
			continue
		}
		ok, upd, err := hs.Check("password", tc.enc)
		if ok != tc.ok || err != nil || (ok && !upd) {
			t.Errorf("Check(%q) = %v %v %v, want %v", tc.enc, ok, upd, err, tc.ok)
		}
	}
	if _, _, err := hs.Check("password", "md5$seasalt"); !errors.Is(err, ErrMalformed) {
		t.Errorf("two fields: %v", err)
	}
	if enc, err := (MD5{}).Encode("password", "seasalt"); err != nil || enc != "md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22" {
		t.Errorf("Encode = %q %v", enc, err)
	}
	// Not in the list: unknown, as Django without the hasher.
	if _, found := Default().Identify("5f4dcc3b5aa765d61d8327deb882cf99"); found {
		t.Error("unsalted MD5 identified without its hasher")
	}
}
