package upload

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// testdata/django_urlencoded.json holds bodies and what real Django's
// QueryDict made of them (testdata/gen_django_urlencoded.py);
// django_urlencoded_bytes.json bodies given as bytes, with raw bytes that
// are not UTF-8 (testdata/gen_django_urlencoded_bytes.py).
func TestDjangoURLEncodedCorpus(t *testing.T) {
	for _, name := range []string{"django_urlencoded.json", "django_urlencoded_bytes.json"} {
		t.Run(name, func(t *testing.T) { runURLEncodedCorpus(t, "testdata/"+name) })
	}
}

func runURLEncodedCorpus(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		MaxFields int `json:"max_fields"`
		Cases     []struct {
			Body    string            `json:"body"`
			BodyHex string            `json:"body_hex"`
			Values  []json.RawMessage `json:"values"`
			Error   string            `json:"error"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	passed := 0
	for i, c := range corpus.Cases {
		if c.BodyHex != "" {
			raw, err := hex.DecodeString(c.BodyHex)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			c.Body = string(raw)
		}
		form, err := ParseURLEncoded(context.Background(), strings.NewReader(c.Body), Limits{MaxFields: corpus.MaxFields})
		if c.Error != "" {
			if !errors.Is(err, ErrTooManyFields) {
				t.Errorf("case %d %q: %v, want too many fields", i, c.Body, err)
				continue
			}
			passed++
			continue
		}
		if err != nil {
			t.Errorf("case %d %q: %v", i, c.Body, err)
			continue
		}
		want := map[string][]string{}
		for _, raw := range c.Values {
			var kv []json.RawMessage
			json.Unmarshal(raw, &kv)
			var k string
			var vs []string
			json.Unmarshal(kv[0], &k)
			json.Unmarshal(kv[1], &vs)
			want[k] = vs
		}
		ok := len(want) == len(form.Values)
		for k, vs := range want {
			if !slices.Equal(form.Values[k], vs) {
				ok = false
			}
		}
		if !ok {
			t.Errorf("case %d %q:\n got %q\nwant %q", i, c.Body, form.Values, want)
			continue
		}
		passed++
	}
	fmt.Printf("%s: %d/%d passed\n", path, passed, len(corpus.Cases))
}
