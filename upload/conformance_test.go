package upload

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// testdata/django_multipart.json holds multipart bodies and what real
// Django's MultiPartParser made of them with small limits
// (testdata/gen_django_multipart.py); DJINN_UPLOAD_CORPUS names another file
// of the same schema to run instead. testdata/django_multipart2.json
// (gen_django_multipart2.py) holds edge cases: odd boundaries, LF-only
// lines, preambles and epilogues, missing closing delimiters, base64 parts.
// A case may name its boundary (default "XyZ"); a case with a "divergence"
// is a documented intended difference (docs/uploads.md) and is skipped.
func TestDjangoMultipartCorpus(t *testing.T) {
	paths := []string{"testdata/django_multipart.json", "testdata/django_multipart2.json"}
	if p := os.Getenv("DJINN_UPLOAD_CORPUS"); p != "" {
		paths = []string{p}
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) { runMultipartCorpus(t, path) })
	}
}

func runMultipartCorpus(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Limits struct {
			Fields     int   `json:"fields"`
			Files      int   `json:"files"`
			Memory     int64 `json:"memory"`
			FileMemory int64 `json:"file_memory"`
		} `json:"limits"`
		Cases []struct {
			Body       string     `json:"body"`
			Boundary   string     `json:"boundary"`
			Divergence string     `json:"divergence"`
			Fields     [][]string `json:"fields"`
			Files      [][]any    `json:"files"`
			Error      string     `json:"error"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	lim := Limits{MaxFields: corpus.Limits.Fields, MaxFiles: corpus.Limits.Files, MaxMemory: corpus.Limits.Memory, FileMemory: corpus.Limits.FileMemory, TempDir: t.TempDir()}
	kinds := map[string]error{"TooManyFields": ErrTooManyFields, "TooManyFiles": ErrTooManyFiles, "DataTooBig": ErrDataTooBig, "Malformed": ErrMalformed}
	passed, skipped := 0, 0
	for i, c := range corpus.Cases {
		if c.Divergence != "" {
			skipped++
			continue
		}
		boundary := c.Boundary
		if boundary == "" {
			boundary = "XyZ"
		}
		body, _ := base64.StdEncoding.DecodeString(c.Body)
		form, err := ParseMultipart(context.Background(), bytes.NewReader(body), boundary, lim)
		if c.Error != "" {
			if !errors.Is(err, kinds[c.Error]) {
				t.Errorf("case %d: error %v, want %s\n%s", i, err, c.Error, body)
				continue
			}
			passed++
			continue
		}
		if err != nil {
			t.Errorf("case %d: %v\n%s", i, err, body)
			continue
		}
		// Values per name, in order.
		want := map[string][]string{}
		for _, kv := range c.Fields {
			want[kv[0]] = append(want[kv[0]], kv[1])
		}
		ok := len(want) == len(form.Values)
		for k, vs := range want {
			if !slices.Equal(form.Values[k], vs) {
				ok = false
			}
		}
		wantFiles := map[string][]string{}
		for _, f := range c.Files {
			// Django 4+ also drops non-printable characters from file
			// names (the corpus' 3.2 kept them).
			name := strings.Map(func(r rune) rune {
				if unicode.IsPrint(r) {
					return r
				}
				return -1
			}, f[1].(string))
			wantFiles[f[0].(string)] = append(wantFiles[f[0].(string)], fmt.Sprintf("%s/%v", name, f[2]))
		}
		gotF := map[string][]string{}
		for k, fs := range form.Files {
			for _, f := range fs {
				gotF[k] = append(gotF[k], fmt.Sprintf("%s/%d", f.Name, f.Size))
			}
		}
		if fmt.Sprint(gotF) != fmt.Sprint(wantFiles) {
			ok = false
		}
		form.Cleanup()
		if !ok {
			t.Errorf("case %d:\n got fields %v files %v\nwant fields %v files %v\n%q", i, form.Values, gotF, want, wantFiles, body)
			continue
		}
		passed++
	}
	fmt.Printf("%s: %d/%d passed, %d skipped as documented divergences\n", path, passed, len(corpus.Cases)-skipped, skipped)
}
