package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

type part struct {
	name, filename, body string
	noName               bool
}

func buildBody(t testing.TB, parts ...part) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		switch {
		case p.noName:
			h.Set("Content-Disposition", "form-data")
		case p.filename != "" || strings.HasPrefix(p.name, "file"):
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.filename))
			h.Set("Content-Type", "text/plain")
		default:
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.name))
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(pw, p.body)
	}
	w.Close()
	return &buf, w.Boundary()
}

func emptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("temp dir not empty: %v", entries)
	}
}

func TestParseMultipartFieldsAndFiles(t *testing.T) {
	tmp := t.TempDir()
	big := strings.Repeat("x", 5000)
	body, boundary := buildBody(t,
		part{name: "title", body: "hello"},
		part{name: "tag", body: "a"},
		part{name: "tag", body: "b"},
		part{name: "small", filename: "../../etc/passwd", body: "tiny"},
		part{name: "large", filename: `C:\Users\me\big.txt`, body: big},
		part{name: "empty", filename: "", body: ""},
		part{name: "dots", filename: "..", body: "zzz"},
		part{noName: true, body: "ignored"},
	)
	form, err := ParseMultipart(context.Background(), body, boundary, Limits{FileMemory: 1000, TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if form.Values.Get("title") != "hello" || strings.Join(form.Values["tag"], ",") != "a,b" {
		t.Fatalf("values %v", form.Values)
	}
	small := form.File("small")
	if small == nil || small.Name != "passwd" || !small.InMemory() || small.Size != 4 || small.ContentType != "text/plain" {
		t.Fatalf("small %+v", small)
	}
	large := form.File("large")
	if large == nil || large.Name != "big.txt" || large.InMemory() || large.Size != 5000 {
		t.Fatalf("large %+v", large)
	}
	for _, name := range []string{"small", "large"} {
		rc, err := form.File(name).Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if want := map[string]string{"small": "tiny", "large": big}[name]; string(got) != want {
			t.Fatalf("%s content %q", name, got)
		}
	}
	if form.File("empty") != nil || form.File("dots") != nil || form.File("nope") != nil {
		t.Fatal("files without a usable name must be dropped")
	}
	if _, err := os.Stat(large.TempPath()); err != nil {
		t.Fatal(err)
	}
	if err := form.Cleanup(); err != nil {
		t.Fatal(err)
	}
	emptyDir(t, tmp)
	if err := form.Cleanup(); err != nil { // idempotent
		t.Fatal(err)
	}
}

// countingReader yields n bytes of a multipart body (a single huge part) and
// counts how much was read.
type countingReader struct {
	r    io.Reader
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	return n, err
}

type repeatReader struct {
	b    byte
	left int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		p[i] = r.b
	}
	r.left -= int64(len(p))
	return len(p), nil
}

func hugePartBody(header string, size int64) (*countingReader, string) {
	boundary := "BOUNDARY123"
	head := "--" + boundary + "\r\n" + header + "\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	r := io.MultiReader(strings.NewReader(head), &repeatReader{b: 'a', left: size}, strings.NewReader(tail))
	return &countingReader{r: r}, boundary
}

func TestLimitsStopReading(t *testing.T) {
	const slack = 64 << 10 // buffering in bufio and multipart
	t.Run("field over MaxMemory", func(t *testing.T) {
		body, boundary := hugePartBody(`Content-Disposition: form-data; name="f"`, 200<<20)
		_, err := ParseMultipart(context.Background(), body, boundary, Limits{})
		if !errors.Is(err, ErrDataTooBig) || StatusOf(err) != 400 {
			t.Fatalf("err %v", err)
		}
		if body.read > DefaultMaxMemory+slack {
			t.Fatalf("read %d bytes for a %d limit", body.read, DefaultMaxMemory)
		}
	})
	t.Run("file over MaxBodySize", func(t *testing.T) {
		tmp := t.TempDir()
		body, boundary := hugePartBody(`Content-Disposition: form-data; name="f"; filename="a.bin"`, 500<<20)
		_, err := ParseMultipart(context.Background(), body, boundary, Limits{MaxBodySize: 3 << 20, FileMemory: 1 << 20, TempDir: tmp})
		if !errors.Is(err, ErrRequestTooLarge) || StatusOf(err) != 413 {
			t.Fatalf("err %v", err)
		}
		if body.read > 3<<20+slack {
			t.Fatalf("read %d bytes for a 3 MiB cap", body.read)
		}
		emptyDir(t, tmp) // the spilled temp file is gone
	})
	t.Run("file in memory under FileMemory only", func(t *testing.T) {
		tmp := t.TempDir()
		body, boundary := hugePartBody(`Content-Disposition: form-data; name="f"; filename="a.bin"`, 8<<20)
		form, err := ParseMultipart(context.Background(), body, boundary, Limits{TempDir: tmp})
		if err != nil {
			t.Fatal(err)
		}
		f := form.File("f")
		if f.InMemory() || f.Size != 8<<20 {
			t.Fatalf("%+v", f)
		}
		form.Cleanup()
		emptyDir(t, tmp)
	})
}

func TestCountLimits(t *testing.T) {
	tmp := t.TempDir()
	var fields []part
	for i := range 1001 {
		fields = append(fields, part{name: fmt.Sprint("f", i), body: "v"})
	}
	body, b := buildBody(t, fields...)
	if _, err := ParseMultipart(context.Background(), body, b, Limits{}); !errors.Is(err, ErrTooManyFields) {
		t.Fatal(err)
	}
	body, b = buildBody(t, fields[:1000]...)
	if form, err := ParseMultipart(context.Background(), body, b, Limits{}); err != nil || len(form.Values) != 1000 {
		t.Fatal(err)
	}
	var files []part
	files = append(files, part{name: "file0", filename: "big.txt", body: strings.Repeat("z", 100)}) // spills
	for i := range 3 {
		files = append(files, part{name: fmt.Sprint("file", i+1), filename: "a.txt", body: "x"})
	}
	body, b = buildBody(t, files...)
	_, err := ParseMultipart(context.Background(), body, b, Limits{MaxFiles: 3, FileMemory: 10, TempDir: tmp})
	if !errors.Is(err, ErrTooManyFiles) || StatusOf(err) != 400 {
		t.Fatal(err)
	}
	emptyDir(t, tmp)
	// Nameless parts count as fields.
	var nameless []part
	for range 5 {
		nameless = append(nameless, part{noName: true})
	}
	body, b = buildBody(t, nameless...)
	if _, err := ParseMultipart(context.Background(), body, b, Limits{MaxFields: 4}); !errors.Is(err, ErrTooManyFields) {
		t.Fatal(err)
	}
	// Negative disables a limit.
	body, b = buildBody(t, fields...)
	if _, err := ParseMultipart(context.Background(), body, b, Limits{MaxFields: -1}); err != nil {
		t.Fatal(err)
	}
}

func TestMalformed(t *testing.T) {
	// Django reads what it can of a body and refuses only a bad boundary
	// (and base64 file data it cannot decode).
	for _, boundary := range []string{"", "a\x00b", "ends with space ", strings.Repeat("b", 202), "caf\u00e9"} {
		_, err := ParseMultipart(context.Background(), strings.NewReader("--B--\r\n"), boundary, Limits{})
		if !errors.Is(err, ErrMalformed) || StatusOf(err) != 400 {
			t.Errorf("boundary %q: %v", boundary, err)
		}
	}
	for body, want := range map[string]string{
		"garbage":     "map[]",
		"--B\r\n\r\n": "map[]",
		"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated": "map[a:[unterminated]]",
	} {
		form, err := ParseMultipart(context.Background(), strings.NewReader(body), "B", Limits{})
		if err != nil || fmt.Sprint(form.Values) != want {
			t.Errorf("%q: %v %v, want %s", body, form, err, want)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body, b := buildBody(t, part{name: "a", body: "b"})
	if _, err := ParseMultipart(ctx, body, b, Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestParseRequest(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader("a=1&b=x+y&a=2&c=%zz%41&&d&e=%E2%82%AC%ff&f=%E2%82&g=%ff%fe"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	form, err := Parse(r, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(form.Values["a"], ",") != "1,2" || form.Values.Get("b") != "x y" || form.Values.Get("c") != "%zzA" || !form.Values.Has("d") || form.Values.Get("e") != "€\uFFFD" {
		t.Fatal(form.Values)
	}
	// As Python's decode("utf-8", "replace"): a truncated sequence is one
	// U+FFFD, two bytes that lead nothing are two.
	if form.Values.Get("f") != "\uFFFD" || form.Values.Get("g") != "\uFFFD\uFFFD" {
		t.Fatalf("f %q, g %q", form.Values.Get("f"), form.Values.Get("g"))
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("a=1&", 1001)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := Parse(r, Limits{}); !errors.Is(err, ErrTooManyFields) {
		t.Fatal(err)
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader("a="+strings.Repeat("x", 100)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := Parse(r, Limits{MaxMemory: 50}); !errors.Is(err, ErrDataTooBig) {
		t.Fatal(err)
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader("a=b"))
	r.Header.Set("Content-Type", "application/json")
	if form, err := Parse(r, Limits{}); err != nil || len(form.Values) != 0 {
		t.Fatal(form, err)
	}
	body, b := buildBody(t, part{name: "x", body: strings.Repeat("y", 2000)})
	r = httptest.NewRequest("POST", "/", body)
	r.Header.Set("Content-Type", "multipart/form-data; boundary="+b)
	if _, err := Parse(r, Limits{MaxBodySize: 1000}); !errors.Is(err, ErrRequestTooLarge) {
		t.Fatal(err) // refused from Content-Length alone
	}
}

func TestMiddlewareCleansUp(t *testing.T) {
	tmp := t.TempDir()
	var seen string
	h := Middleware(Limits{FileMemory: 10, TempDir: tmp})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		form, err := FormFrom(r)
		if err != nil {
			t.Error(err)
			return
		}
		again, _ := FormFrom(r)
		if again != form {
			t.Error("parsed twice")
		}
		seen = form.File("file").TempPath()
		if _, err := os.Stat(seen); err != nil {
			t.Error(err)
		}
		if r.URL.Path == "/panic" {
			panic("boom")
		}
	}))
	for _, p := range []string{"/ok", "/panic"} {
		body, b := buildBody(t, part{name: "file", filename: "a.txt", body: strings.Repeat("q", 100)})
		r := httptest.NewRequest("POST", p, body)
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+b)
		func() {
			defer func() { recover() }()
			h.ServeHTTP(httptest.NewRecorder(), r)
		}()
		if seen == "" {
			t.Fatal("handler did not see a temp file")
		}
		emptyDir(t, tmp)
	}
	if _, err := FormFrom(httptest.NewRequest("GET", "/", nil)); !errors.Is(err, ErrNoMiddleware) {
		t.Fatal(err)
	}
}

func TestMiddlewareCapsBody(t *testing.T) {
	h := Middleware(Limits{MaxBodySize: 100})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := FormFrom(r)
		w.WriteHeader(StatusOf(err))
	}))
	body, b := buildBody(t, part{name: "x", body: strings.Repeat("y", 2000)})
	r := httptest.NewRequest("POST", "/", io.NopCloser(body)) // unknown length
	r.ContentLength = -1
	r.Header.Set("Content-Type", "multipart/form-data; boundary="+b)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 413 {
		t.Fatal(rec.Code)
	}
}

func TestSanitizeName(t *testing.T) {
	for in, want := range map[string]string{
		"a.txt":              "a.txt",
		"../../etc/passwd":   "passwd",
		`..\..\win.ini`:      "win.ini",
		"dir/":               "",
		"..":                 "",
		".":                  "",
		"":                   "",
		"a\x00b\nc.txt":      "abc.txt",
		"/abs/path/x.png":    "x.png",
		"ünïcode name.pdf":   "ünïcode name.pdf",
		"x/..":               "",
		"\u202eexe.txt":      "exe.txt",
		"  ":                 "  ",
		"&lt;b&gt;.html":     "<b>.html",
		"&#47;etc&#47;x":     "x",
		"a/b\\c/../..\\d.gz": "d.gz",
	} {
		if got := SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseMultipart(f *testing.F) {
	body, b := buildBody(f, part{name: "a", body: "1"}, part{name: "file", filename: "x.txt", body: "abc"}, part{noName: true})
	f.Add(body.Bytes(), b)
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"a\"; filename=\"../x\"\r\n\r\nzz\r\n--B--\r\n"), "B")
	f.Add([]byte("--B\r\n\r\n--B--"), "B")
	f.Add([]byte(""), "")
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, boundary string) {
		form, err := ParseMultipart(context.Background(), bytes.NewReader(data), boundary, Limits{MaxFields: 20, MaxFiles: 5, MaxMemory: 1000, FileMemory: 16, MaxBodySize: 1 << 16, TempDir: tmp})
		if err != nil {
			var ue *Error
			if !errors.As(err, &ue) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		fields, files := 0, 0
		for _, vs := range form.Values {
			fields += len(vs)
		}
		for _, fs := range form.Files {
			files += len(fs)
		}
		if fields > 20 || files > 5 {
			t.Fatalf("%d fields and %d files past the limits of 20 and 5", fields, files)
		}
		for _, fs := range form.Files {
			for _, fl := range fs {
				if n := fl.Name; n == "" || n == "." || n == ".." || strings.ContainsAny(n, `/\`) {
					t.Fatalf("unsafe name %q", n)
				}
			}
		}
		if err := form.Cleanup(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestHugePartHeaderSkipped(t *testing.T) {
	// Headers that do not end within 1 KiB make the part raw, as in
	// Django: it is skipped without being held in memory.
	boundary := "B"
	body := &countingReader{r: io.MultiReader(strings.NewReader("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: "), &repeatReader{b: 'a', left: 16 << 20}, strings.NewReader("\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nw\r\n--B--\r\n"))}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	form, err := ParseMultipart(context.Background(), body, boundary, Limits{})
	runtime.ReadMemStats(&after)
	if err != nil || fmt.Sprint(form.Values) != "map[b:[w]]" {
		t.Fatal(form, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Fatalf("allocated %d bytes to skip a 16 MiB header", alloc)
	}
	// With MaxBodySize, reading stops at the cap.
	body = &countingReader{r: io.MultiReader(strings.NewReader("--B\r\nX-Long: "), &repeatReader{b: 'a', left: 100 << 20})}
	if _, err := ParseMultipart(context.Background(), body, boundary, Limits{MaxBodySize: 1 << 20}); !errors.Is(err, ErrRequestTooLarge) || body.read > 1<<20+1 {
		t.Fatal(err, body.read)
	}
	// Many parts with ordinary headers are fine.
	var parts []part
	for i := range 50 {
		parts = append(parts, part{name: fmt.Sprint("f", i), body: strings.Repeat("x", 10000)})
	}
	b, bd := buildBody(t, parts...)
	if _, err := ParseMultipart(context.Background(), b, bd, Limits{}); err != nil {
		t.Fatal(err)
	}
}

// FuzzParseURLEncoded: any body parses without panicking into valid UTF-8
// keys and values, within the field limit.
func FuzzParseURLEncoded(f *testing.F) {
	for _, s := range []string{"a=1&b=x+y", "a=%E2%82&b=\xff", "\xc3\xa9=%C3\xa9", "%%41=&&;", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		form, err := ParseURLEncoded(context.Background(), bytes.NewReader(body), Limits{MaxFields: 50})
		if err != nil {
			if !errors.Is(err, ErrTooManyFields) {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		n := 0
		for k, vs := range form.Values {
			if !utf8.ValidString(k) {
				t.Fatalf("%q: key %q not UTF-8", body, k)
			}
			for _, v := range vs {
				if !utf8.ValidString(v) {
					t.Fatalf("%q: value %q not UTF-8", body, v)
				}
				n++
			}
		}
		if n > 50 {
			t.Fatalf("%q: %d fields past the limit", body, n)
		}
	})
}
