package signing

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var testKey = []byte("test-secret-key-that-is-long-enough-0123456789")

func TestErrorsMatch(t *testing.T) {
	s := TimestampSigner{Signer: Signer{Key: testKey}, Now: fixedClock(1000)}
	v, err := s.Sign("x")
	if err != nil {
		t.Fatal(err)
	}
	late := s
	late.Now = fixedClock(1100)
	_, err = late.Unsign(v, 10*time.Second)
	if !errors.Is(err, ErrSignatureExpired) || !errors.Is(err, ErrBadSignature) {
		t.Fatalf("expired error %v should match both sentinels", err)
	}
	var ee *ExpiredError
	if !errors.As(err, &ee) || ee.Age != 100*time.Second {
		t.Fatalf("ExpiredError not exposed: %#v", err)
	}
	_, err = s.Unsign(v+"x", 0)
	var se *SignatureError
	if !errors.Is(err, ErrBadSignature) || errors.Is(err, ErrSignatureExpired) || !errors.As(err, &se) {
		t.Fatalf("bad signature error %v", err)
	}
	if !strings.HasPrefix(err.Error(), "bad signature: signature ") {
		t.Fatalf("message not lower case: %q", err)
	}
}

func TestExpiryBoundary(t *testing.T) {
	s := TimestampSigner{Signer: Signer{Key: testKey}, Now: fixedClock(1000)}
	v, _ := s.Sign("x")
	for _, tc := range []struct {
		now int64
		ok  bool
	}{{1010, true}, {1011, false}, {990, true}} {
		c := s
		c.Now = fixedClock(tc.now)
		_, err := c.Unsign(v, 10*time.Second)
		if (err == nil) != tc.ok {
			t.Errorf("now=%d: err=%v, want ok=%v", tc.now, err, tc.ok)
		}
	}
}

func TestUnsafeSeparator(t *testing.T) {
	for _, sep := range []string{"a", "-", "_", "=", "Z9", "`"} {
		s := Signer{Key: testKey, Sep: sep}
		if _, err := s.Sign("v"); err == nil {
			t.Errorf("sep %q accepted", sep)
		}
		if _, err := s.Unsign("v" + sep + "x"); err == nil {
			t.Errorf("unsign with sep %q accepted", sep)
		}
	}
	if _, err := (Signer{Key: testKey, Sep: "/"}).Sign("v"); err != nil {
		t.Error(err)
	}
}

func TestUnknownAlgorithm(t *testing.T) {
	for _, alg := range []string{"md4", "SHA256", "blake3", "sha3-256", "sha512_256"} {
		if _, err := (Signer{Key: testKey, Algorithm: alg}).Sign("v"); err == nil {
			t.Errorf("%s accepted", alg)
		}
	}
}

// Django takes any hashlib algorithm; these are Django 3.2's signatures of
// "hello" with the corpus key.
func TestHashlibAlgorithms(t *testing.T) {
	key := []byte("oracle-fixed-secret-key-0123456789-do-not-use-in-production")
	for alg, want := range map[string]string{
		"md5":      "hello:ELEkqOFb7oD7YEWjsTQZOw",
		"sha3_256": "hello:quS6bLVYXpLehJ50y7dQDOoygDPtVttMQJBzaw67rG0",
		"sha3_224": "hello:4sYZBnkdukDRvpr6lpiCjOuIildKZTyERG6L3Q",
		"blake2b":  "hello:6lY2uLs_aRPbrpXZ9O_2sS_OLqhJcoCJooREf5VcWuxNwzEdViHnIlEumgBD1ZGj795NXYHdZ5Tg7euSaYYoUQ",
		"blake2s":  "hello:lwH61oP62VVzU3HaE_m707KRiRztl9lDjbS7XGTmEjQ",
	} {
		got, err := (Signer{Key: key, Algorithm: alg}).Sign("hello")
		if err != nil || got != want {
			t.Errorf("%s: %q %v, want %q", alg, got, err, want)
		}
	}
}

func TestAlgorithmsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for _, alg := range []string{"sha1", "sha224", "sha256", "sha384", "sha512"} {
		s := Signer{Key: testKey, Algorithm: alg}
		v, err := s.Sign("v")
		if err != nil || seen[v] {
			t.Fatalf("%s: %q %v", alg, v, err)
		}
		seen[v] = true
		if got, err := s.Unsign(v); err != nil || got != "v" {
			t.Fatalf("%s: %q %v", alg, got, err)
		}
		other := Signer{Key: testKey, Algorithm: "sha256"}
		if alg != "sha256" {
			if _, err := other.Unsign(v); err == nil {
				t.Fatalf("%s signature verified as sha256", alg)
			}
		}
	}
}

func TestKeyRotation(t *testing.T) {
	old := []byte("old-key")
	v, err := Dumps(map[string]int{"a": 1}, old, "", false)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]int
	if err := Loads(v, &out, testKey, "", 0); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("new key alone verified old value: %v", err)
	}
	s := TimestampSigner{Signer: Signer{Key: testKey, FallbackKeys: [][]byte{old}, Salt: DefaultDumpsSalt}}
	if err := s.UnsignObject(v, &out, 0); err != nil || out["a"] != 1 {
		t.Fatalf("fallback: %v %v", out, err)
	}
	// New signatures use Key, never a fallback.
	nv, _ := s.SignObject(map[string]int{"a": 1}, false)
	if err := Loads(nv, &out, old, "", 0); err == nil {
		t.Fatal("signed with fallback key")
	}
}

func TestEncodeJSONPythonStyle(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{map[string]any{"name": "Zoë"}, `{"name":"Zo\u00eb"}`},
		{"<a>&", `"<a>&"`},
		{"🔑", `"\ud83d\udd11"`},
		{"tab\tnl\n\x01\x7f", `"tab\tnl\n\u0001\u007f"`},
		{json.RawMessage(`{"b": 1, "a": [1, 2]}`), `{"b":1,"a":[1,2]}`},
		{"q\"\\", `"q\"\\"`},
		{"\u2028", `"\u2028"`},
	} {
		got, err := EncodeJSON(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("%v: got %s %v, want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestCompressionRoundTrip(t *testing.T) {
	big := map[string]string{"k": strings.Repeat("abc", 500)}
	v, err := Dumps(big, testKey, "", true)
	if err != nil || !strings.HasPrefix(v, ".") {
		t.Fatalf("not compressed: %q %v", v, err)
	}
	var out map[string]string
	if err := Loads(v, &out, testKey, "", 0); err != nil || out["k"] != big["k"] {
		t.Fatal(err)
	}
	// Small values are left uncompressed when compression doesn't help.
	v, _ = Dumps("x", testKey, "", true)
	if strings.HasPrefix(v, ".") {
		t.Fatalf("tiny value compressed: %q", v)
	}
}

func TestBase62(t *testing.T) {
	for _, n := range []int64{0, 1, 61, 62, 1700000000, -5, 1 << 40} {
		s := Base62Encode(n)
		back, err := Base62Decode(s)
		if err != nil || back != n {
			t.Errorf("%d -> %q -> %d %v", n, s, back, err)
		}
	}
	for _, bad := range []string{"", "-", "!", "zzzzzzzzzzzz"} {
		if _, err := Base62Decode(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

func TestCookieSigner(t *testing.T) {
	cs := CookieSigner{Key: testKey}
	rec := httptest.NewRecorder()
	if err := cs.Set(rec, &http.Cookie{Name: "ab", Value: "v"}, "c"); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	if got, err := cs.Get(req, "ab", "c", 0); err != nil || got != "v" {
		t.Fatalf("get: %q %v", got, err)
	}
	if _, err := cs.Get(req, "ab", "other", 0); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("wrong salt accepted: %v", err)
	}
	if _, err := cs.Get(req, "missing", "", 0); !errors.Is(err, http.ErrNoCookie) {
		t.Fatalf("missing cookie: %v", err)
	}
	// Django-compatible salts collide: ("ab","c") verifies as ("a","bc").
	signed, _ := cs.Value("ab", "v", "c")
	if _, err := cs.Verify("a", signed, "bc", 0); err != nil {
		t.Fatalf("legacy salt should collide (Django compatibility): %v", err)
	}
	strict := CookieSigner{Key: testKey, InjectiveSalt: true}
	signed, _ = strict.Value("ab", "v", "c")
	if _, err := strict.Verify("a", signed, "bc", 0); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("injective salt collided: %v", err)
	}
	if got, err := strict.Verify("ab", signed, "c", 0); err != nil || got != "v" {
		t.Fatalf("injective round trip: %q %v", got, err)
	}
}

func TestMalformedPayloads(t *testing.T) {
	s := TimestampSigner{Signer: Signer{Key: testKey, Salt: DefaultDumpsSalt}}
	for _, payload := range []string{"!!!", ".AAAA", ".", "bm90IGpzb24"} {
		v, _ := s.Sign(payload)
		var out any
		if err := s.UnsignObject(v, &out, 0); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%q: %v", payload, err)
		}
	}
}

func FuzzLoads(f *testing.F) {
	good, _ := Dumps(map[string]any{"a": 1}, testKey, "", false)
	goodZ, _ := Dumps(map[string]any{"a": strings.Repeat("x", 200)}, testKey, "", true)
	for _, s := range []string{"", ":", "::", good, goodZ, "eyJhIjoxfQ:1rHs8g:AAAA", ".:x:y", "a:-:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var out any
		if err := Loads(s, &out, testKey, "", time.Hour); err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzUnsign(f *testing.F) {
	good, _ := Signer{Key: testKey}.Sign("hello")
	for _, s := range []string{"", ":", good, "a:b:c", "héllo:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Signer{Key: testKey}.Unsign(s)
		if err == nil {
			if re, _ := (Signer{Key: testKey}).Sign(v); re != s {
				t.Fatalf("verified %q but re-signing gives %q", s, re)
			}
		} else if !errors.Is(err, ErrBadSignature) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		ts := TimestampSigner{Signer: Signer{Key: testKey}}
		if _, err := ts.Unsign(s, time.Second); err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// Compressed payloads end as zlib's do (the last data block is final, no
// empty stored block after it): these are CPython's zlib.compress outputs.
func TestEncodePayloadLikeZlib(t *testing.T) {
	for data, want := range map[string]string{
		`{"big":"` + strings.Repeat("a", 500) + `"}`: ".eJyrVkrKTFeyUkocBSMOKNUCAHmPwGE",
		`{"x":1}`: "eyJ4IjoxfQ",
		`{"a":1,"b":[1,2,3],"c":"` + strings.Repeat("xy", 40) + `"}`: "",
	} {
		got := EncodePayload([]byte(data), true)
		if want != "" && got != want {
			t.Errorf("EncodePayload(%.20q) = %q, want %q", data, got, want)
		}
		back, err := DecodePayload(got)
		if err != nil || string(back) != data {
			t.Errorf("round trip of %.20q: %q %v", data, back, err)
		}
	}
}

// Every rewritten stream still inflates to its input.
func TestEncodePayloadRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		n := rng.IntN(20000)
		alpha := 2 + rng.IntN(200)
		data := make([]byte, n)
		for j := range data {
			data[j] = byte(rng.IntN(alpha))
		}
		back, err := DecodePayload(EncodePayload(data, true))
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("case %d (%d bytes, alphabet %d): %v", i, n, alpha, err)
		}
	}
}

// Payloads signed by other means load as Django loads them: base64 read
// leniently, the JSON's bytes as latin-1.
func TestLoadsLikeDjango(t *testing.T) {
	key := []byte("a-key-for-crafted-payloads-0123456789")
	s := TimestampSigner{Signer: Signer{Key: key, Salt: DefaultDumpsSalt}}
	for payload, want := range map[string]string{
		B64Encode([]byte(`"é"`)):      "Ã©", // UTF-8 bytes, read as latin-1
		B64Encode([]byte("\"\xe9\"")): "é",
		"Ivv/Ig==":                    "ûÿ", // the standard alphabet
		"Ik!!Ei":                      "A",  // junk skipped
	} {
		tok, err := s.Sign(payload)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := Loads(tok, &got, key, "", 0); err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", payload, got, err, want)
		}
	}
}

// A negative max age expires what was signed until now, as Django's does;
// zero is no limit.
func TestNegativeMaxAge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	s := TimestampSigner{Signer: Signer{Key: []byte("k")}, Now: func() time.Time { return now }}
	tok, _ := s.Sign("v")
	if _, err := s.Unsign(tok, -time.Second); !errors.Is(err, ErrSignatureExpired) {
		t.Errorf("max age -1s: %v", err)
	}
	if v, err := s.Unsign(tok, 0); err != nil || v != "v" {
		t.Errorf("max age 0: %q %v", v, err)
	}
	later := s
	later.Now = func() time.Time { return now.Add(-5 * time.Second) }
	if _, err := later.Unsign(tok, -time.Second); err != nil {
		t.Errorf("signed 5s in the future, max age -1s: %v", err)
	}
}
