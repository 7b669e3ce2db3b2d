package session

import (
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/djinn-go/djinn/signing"
)

// A session the flat fast path does not take: numbers, a list and nested
// objects, as a cart or a wizard keeps.
var benchSessionJSON = []byte(`{"_auth_user_id":"42","_auth_user_backend":"django.contrib.auth.backends.ModelBackend",` +
	`"_auth_user_hash":"0b8c1e1a5c7f2a6d8e3b4f9a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d","cart":[{"sku":"A-1","qty":2,"price":9.5},` +
	`{"sku":"B-22","qty":1,"price":120}],"wizard":{"step":3,"data":{"name":"Zoë","tags":["x","y"],"ok":true}},"visits":17}`)

func BenchmarkDecodeOrdered(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := decodeOrderedRaw(benchSessionJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodecDecode is a whole load: verify, inflate, decode.
func BenchmarkCodecDecode(b *testing.B) {
	c := Codec{Key: []byte("bench-secret-key-0123456789-0123456789"), Now: func() time.Time { return time.Unix(1700000000, 0) }}
	order, values, raw, err := decodeOrderedRaw(benchSessionJSON)
	if err != nil {
		b.Fatal(err)
	}
	text, err := c.Encode(&Session{order: order, values: values, raw: raw})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := c.Decode(text); len(s.values) != 6 {
			b.Fatal(len(s.values))
		}
	}
}

// Each value is parsed once: its raw text is cut from the input, not
// decoded again (181 allocations when it was).
func TestDecodeParsesValuesOnce(t *testing.T) {
	if raceOn {
		t.Skip("allocation counts differ under -race")
	}
	n := testing.AllocsPerRun(50, func() {
		if _, _, _, err := decodeOrderedRaw(benchSessionJSON); err != nil {
			t.Fatal(err)
		}
	})
	if n > 150 {
		t.Errorf("%v allocations to decode the session, want at most 150", n)
	}
	_, values, raw, err := decodeOrderedRaw([]byte(" {\"a\" :\n {\"z\": 1, \"b\":[2]} , \"c\": [ {\"d\":2} ],\"e\":{}, \"f\" : 3 } "))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "{\"z\": 1, \"b\":[2]}", "c": "[ {\"d\":2} ]", "e": "{}"}
	if len(raw) != len(want) || len(values) != 4 {
		t.Fatalf("raw = %q, values = %v", raw, values)
	}
	for k, w := range want {
		if string(raw[k]) != w {
			t.Errorf("raw[%q] = %q, want %q", k, raw[k], w)
		}
	}
}

// Data in Django's format before 3.1, which Django 3.2 still reads:
// base64 of the hex HMAC-SHA1 of the JSON, ":", the JSON (latin-1).
func TestLegacyFormat(t *testing.T) {
	key := []byte("legacy-secret")
	c := Codec{Key: key}
	legacy := func(json string, key []byte) string {
		mac, err := signing.SaltedHMAC("django.contrib.sessionsSessionStore", json, key, "sha1")
		if err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(mac) + ":" + json))
	}
	good := legacy("{\"a\":1,\"\xe9\":\"x\"}", key)
	if got := string(dataOf(c.Decode(good))); got != `{"a":1,"\u00e9":"x"}` {
		t.Errorf("legacy data: %s", got)
	}
	if got := string(dataOf(c.Decode("-_" + good))); got != `{"a":1,"\u00e9":"x"}` {
		t.Errorf("legacy data with characters b64decode skips: %s", got)
	}
	rotated := Codec{Key: []byte("new"), FallbackKeys: [][]byte{key}}
	if got := string(dataOf(rotated.Decode(good))); got != `{"a":1,"\u00e9":"x"}` {
		t.Errorf("legacy data, fallback key: %s", got)
	}
	for _, bad := range []string{legacy(`{"a":1}`, []byte("other")), good[:len(good)-2], "YWJjOnt9", "é" + good, legacy(`[1]`, key)} {
		if got := string(dataOf(c.Decode(bad))); got != "{}" {
			t.Errorf("%q: %s", bad, got)
		}
	}
	cookie := Codec{Key: key, Salt: CookieSalt}
	if got := string(dataOf(cookie.Decode(good))); got != "{}" {
		t.Errorf("signed-cookie codec read the legacy format: %s", got)
	}
}
