package upload

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// parseString parses body with boundary XyZ and renders the outcome.
func parseString(t *testing.T, body string, lim Limits) string {
	t.Helper()
	if lim.TempDir == "" {
		lim.TempDir = t.TempDir()
	}
	form, err := ParseMultipart(context.Background(), strings.NewReader(body), "XyZ", lim)
	if err != nil {
		var ue *Error
		if errors.As(err, &ue) {
			return "error: " + ue.Kind.Error()
		}
		return "error: " + err.Error()
	}
	defer form.Cleanup()
	files := map[string][]string{}
	for k, fs := range form.Files {
		for _, f := range fs {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			files[k] = append(files[k], f.Name+"="+string(b))
		}
	}
	return fmt.Sprint(form.Values, files)
}

const cd = "Content-Disposition: form-data; name="

func TestDjangoSplitting(t *testing.T) {
	small := Limits{MaxFields: 4, MaxFiles: 2, MaxMemory: 120, FileMemory: 4}
	for _, tc := range []struct{ name, body, want string }{
		{"LF-only lines are not headers", "--XyZ\n" + cd + "\"a\"\n\nv\n--XyZ--\n", "map[] map[]"},
		{"LF-only parts count as fields", strings.Repeat("--XyZ\n"+cd+"\"a\"\n\nv\n", 6) + "--XyZ--\n", "error: too many fields"},
		{"epilogue with a delimiter", "--XyZ\r\n" + cd + "\"a\"\r\n\r\nv\r\n--XyZ--\r\n--XyZ\r\njunk", "map[a:[v]] map[]"},
		{"epilogue parts count as fields", strings.Repeat("--XyZ\r\n"+cd+"\"a\"\r\n\r\nv\r\n", 4) + "--XyZ--\r\n--XyZ\r\njunk", "error: too many fields"},
		{"preamble", "preamble\r\n--XyZ\r\n" + cd + "\"a\"\r\n\r\nv\r\n--XyZ--\r\n", "map[a:[v]] map[]"},
		{"no closing delimiter keeps the last field", "--XyZ\r\n" + cd + "\"a\"\r\n\r\nv\r\n", "map[a:[v\r\n]] map[]"},
		{"no closing delimiter drops the last file", "--XyZ\r\n" + cd + "\"f\"; filename=\"a.txt\"\r\n\r\nlong data\r\n", "map[] map[]"},
		{"a file followed by a part is kept", "--XyZ\r\n" + cd + "\"f\"; filename=\"a.txt\"\r\n\r\nlong data\r\n--XyZ", "map[] map[]"},
		{"closing delimiter completes the file", "--XyZ\r\n" + cd + "\"f\"; filename=\"a.txt\"\r\n\r\nlong data\r\n--XyZ--", "map[] map[f:[a.txt=long data]]"},
		{"delimiter inside a value cuts it", "--XyZ\r\n" + cd + "\"a\"\r\n\r\nx--XyZ\r\n" + cd + "\"b\"\r\n\r\ny\r\n--XyZ--\r\n", "map[a:[x] b:[y]] map[]"},
		{"lone CR before the delimiter is dropped", "--XyZ\r\n" + cd + "\"a\"\r\n\r\nx\r--XyZ--", "map[a:[x]] map[]"},
		{"headers past 1 KiB make a raw part", "--XyZ\r\nX-Pad: " + strings.Repeat("p", 1024) + "\r\n" + cd + "\"a\"\r\n\r\nv\r\n--XyZ--\r\n", "map[] map[]"},
		{"part without Content-Disposition", "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--\r\n", "map[] map[]"},
		{"any disposition type", "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--\r\n", "map[a:[v]] map[]"},
		{"base64 field", "--XyZ\r\n" + cd + "\"b\"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVs bG8=\r\n--XyZ--\r\n", "map[b:[hello]] map[]"},
		{"bad base64 field is kept", "--XyZ\r\n" + cd + "\"b\"\r\nContent-Transfer-Encoding: BASE64\r\n\r\naGVsb\r\n--XyZ--\r\n", "map[b:[aGVsb]] map[]"},
		{"base64 file", "--XyZ\r\n" + cd + "\"f\"; filename=\"f.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--XyZ--\r\n", "map[] map[f:[f.bin=hello]]"},
		{"bad base64 file", "--XyZ\r\n" + cd + "\"f\"; filename=\"f.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsb\r\n--XyZ--\r\n", "error: malformed request body"},
		{"RFC 2231 Latin-1 file name", "--XyZ\r\n" + cd + "\"f\"; filename*=ISO-8859-1''caf%E9.txt\r\n\r\nd\r\n--XyZ--\r\n", "map[] map[f:[café.txt=d]]"},
		{"filename* after filename wins", "--XyZ\r\n" + cd + "\"f\"; filename=\"x.txt\"; filename*=UTF-8''y.txt\r\n\r\nd\r\n--XyZ--\r\n", "map[] map[f:[y.txt=d]]"},
		{"empty filename* is a field", "--XyZ\r\n" + cd + "\"f\"; filename*=UTF-8''\r\n\r\nd\r\n--XyZ--\r\n", "map[f:[d]] map[]"},
		{"quoted semicolon", "--XyZ\r\n" + cd + "\"a;b\"\r\n\r\nd\r\n--XyZ--\r\n", "map[a;b:[d]] map[]"},
	} {
		if got := parseString(t, tc.body, small); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFieldCountLikeDjango(t *testing.T) {
	fields := func(n int) string { return strings.Repeat("--XyZ\r\n"+cd+"\"a\"\r\n\r\nv\r\n", n) }
	lim := Limits{MaxFields: 4}
	// Raw parts count with fields, with Django's slack of two for the part
	// before the first delimiter and the one after the last.
	if got := parseString(t, fields(3)+"--XyZ\r\n\r\nraw\r\n--XyZ--\r\n", lim); got != "map[a:[v v v]] map[]" {
		t.Error(got)
	}
	if got := parseString(t, fields(3)+strings.Repeat("--XyZ\r\n\r\nraw\r\n", 2)+"--XyZ--\r\n", lim); got != "error: too many fields" {
		t.Error(got)
	}
	// Fields proper stay within the limit even where Django's slack would
	// let one more through (no closing delimiter).
	if got := parseString(t, fields(5), lim); got != "error: too many fields" {
		t.Error(got)
	}
	if got := parseString(t, fields(4), lim); got != "map[a:[v v v v\r\n]] map[]" {
		t.Error(got)
	}
}

func TestFieldNameCountedInCharacters(t *testing.T) {
	// "é" is one character, two bytes: Django counts 1 + 2 + len(value).
	body := "--XyZ\r\n" + cd + "\"\u00e9\"\r\n\r\n" + strings.Repeat("v", 7) + "\r\n--XyZ--\r\n"
	if got := parseString(t, body, Limits{MaxMemory: 10}); got != "map[é:[vvvvvvv]] map[]" {
		t.Error(got)
	}
	if got := parseString(t, body, Limits{MaxMemory: 9}); got != "error: request data too big" {
		t.Error(got)
	}
}

func TestDroppedLastFileRemovesTempFile(t *testing.T) {
	tmp := t.TempDir()
	body := "--XyZ\r\n" + cd + "\"f\"; filename=\"a.txt\"\r\n\r\n" + strings.Repeat("d", 100) + "\r\n"
	form, err := ParseMultipart(context.Background(), strings.NewReader(body), "XyZ", Limits{FileMemory: 10, TempDir: tmp})
	if err != nil || len(form.Files) != 0 {
		t.Fatal(form, err)
	}
	emptyDir(t, tmp)
}

// The splitter's result must not depend on how the body arrives.
func TestSplitterReadSizes(t *testing.T) {
	for _, path := range []string{"testdata/django_multipart.json", "testdata/django_multipart2.json"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var corpus struct {
			Cases []struct {
				Body     string `json:"body"`
				Boundary string `json:"boundary"`
			} `json:"cases"`
		}
		if err := json.Unmarshal(b, &corpus); err != nil {
			t.Fatal(err)
		}
		lim := Limits{MaxFields: 4, MaxFiles: 2, MaxMemory: 120, FileMemory: 32, TempDir: t.TempDir()}
		for i, c := range corpus.Cases {
			boundary := c.Boundary
			if boundary == "" {
				boundary = "XyZ"
			}
			body, _ := base64.StdEncoding.DecodeString(c.Body)
			render := func(r io.Reader) string {
				form, err := ParseMultipart(context.Background(), r, boundary, lim)
				if err != nil {
					return err.Error()
				}
				defer form.Cleanup()
				files := map[string][]string{}
				for k, fs := range form.Files {
					for _, f := range fs {
						files[k] = append(files[k], fmt.Sprintf("%s/%d", f.Name, f.Size))
					}
				}
				return fmt.Sprint(form.Values, files)
			}
			want := render(bytes.NewReader(body))
			if got := render(iotest.OneByteReader(bytes.NewReader(body))); got != want {
				t.Errorf("%s case %d: one byte at a time %q, at once %q", path, i, got, want)
			}
		}
	}
}

func TestSplitterLongBody(t *testing.T) {
	// Delimiters across buffer refills: parts of sizes around the buffer.
	for _, n := range []int{splitBuffer - 40, splitBuffer - 9, splitBuffer - 8, splitBuffer, splitBuffer + 3, 3 * splitBuffer} {
		body := "--XyZ\r\n" + cd + "\"f\"; filename=\"a\"\r\n\r\n" + strings.Repeat("d", n) + "\r\n--XyZ\r\n" + cd + "\"a\"\r\n\r\nv\r\n--XyZ--\r\n"
		for _, r := range []io.Reader{strings.NewReader(body), iotest.HalfReader(strings.NewReader(body))} {
			form, err := ParseMultipart(context.Background(), r, "XyZ", Limits{TempDir: t.TempDir()})
			if err != nil || form.File("f") == nil || form.File("f").Size != int64(n) || form.Values.Get("a") != "v" {
				t.Fatalf("n=%d: %v %v", n, form, err)
			}
			form.Cleanup()
		}
	}
}
