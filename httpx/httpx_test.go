package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

func TestStatusOf(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{httpx.NotFound("x"), 404},
		{httpx.BadRequest("x"), 400},
		{httpx.PermissionDenied("x"), 403},
		{httpx.MethodNotAllowed("GET"), 405},
		{httpx.Gone("x"), 410},
		{fmt.Errorf("load: %w", httpx.NotFound("x")), 404},
		{errors.New("boom"), 500},
		{httpx.NewError(200, "odd"), 500},
	}
	for _, c := range cases {
		if got := httpx.StatusOf(c.err); got != c.want {
			t.Errorf("StatusOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	if !errors.Is(fmt.Errorf("x: %w", httpx.NotFound("gone")), httpx.ErrNotFound) {
		t.Error("errors.Is(NotFound, ErrNotFound) = false")
	}
	if errors.Is(httpx.NotFound("gone"), httpx.ErrGone) {
		t.Error("NotFound matched ErrGone")
	}
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerFuncRendersErrors(t *testing.T) {
	secret := errors.New("db password is hunter2")
	cases := []struct {
		name      string
		err       error
		status    int
		contains  string
		forbidden string
	}{
		{"404", httpx.NotFound("No question here"), 404, "No question here", ""},
		{"403", httpx.PermissionDenied(""), 403, "Forbidden", ""},
		{"400", httpx.BadRequest("bad"), 400, "bad", ""},
		{"410", httpx.Gone(""), 410, "Gone", ""},
		{"500 hides cause", secret, 500, "Internal Server Error", "hunter2"},
		{"500 hides wrapped message", httpx.Wrap(500, "secret text", secret), 500, "Internal Server Error", "secret text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return c.err })
			w := serve(h, httptest.NewRequest("GET", "/x", nil))
			if w.Code != c.status {
				t.Fatalf("status = %d, want %d", w.Code, c.status)
			}
			body := w.Body.String()
			if !strings.Contains(body, c.contains) {
				t.Errorf("body %q does not contain %q", body, c.contains)
			}
			if c.forbidden != "" && strings.Contains(body, c.forbidden) {
				t.Errorf("body leaks %q: %s", c.forbidden, body)
			}
		})
	}
}

func TestMethodNotAllowedSetsAllow(t *testing.T) {
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return httpx.MethodNotAllowed("GET", "HEAD") })
	w := serve(h, httptest.NewRequest("POST", "/", nil))
	if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Fatalf("got %d Allow=%q", w.Code, w.Header().Get("Allow"))
	}
}

type stackErr struct{ error }

func (stackErr) Stack() []byte { return []byte("goroutine 1 [running]:\nmain.view()") }

type triedErr struct{ error }

func (triedErr) Tried() []string { return []string{"polls/", "admin/"} }
func (triedErr) HTTPStatus() int { return 404 }

func TestDebugPage(t *testing.T) {
	rd := &httpx.Renderer{Debug: true, DebugInfo: []func(*http.Request, error) []httpx.DebugSection{
		func(*http.Request, error) []httpx.DebugSection {
			return []httpx.DebugSection{{Title: "Settings", Rows: [][2]string{{"SECRET_KEY", httpx.Mask}}}}
		},
	}}
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return stackErr{errors.New("boom <b>")} })
	r := httptest.NewRequest("GET", "/x", nil)
	r.Header.Set("Cookie", "sessionid=abc")
	r = r.WithContext(httpx.WithRequestID(httpx.WithRenderer(r.Context(), rd), "req-1"))
	w := serve(h, r)
	body := w.Body.String()
	for _, want := range []string{"boom &lt;b&gt;", "goroutine 1", "Settings", "SECRET_KEY", "req-1", httpx.Mask} {
		if !strings.Contains(body, want) {
			t.Errorf("debug page lacks %q", want)
		}
	}
	if strings.Contains(body, "sessionid=abc") {
		t.Error("debug page shows the cookie")
	}
	h = httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return triedErr{errors.New("no match")} })
	r = httptest.NewRequest("GET", "/nowhere", nil)
	w = serve(h, r.WithContext(httpx.WithRenderer(r.Context(), rd)))
	if w.Code != 404 || !strings.Contains(w.Body.String(), "polls/") || !strings.Contains(w.Body.String(), "URL patterns tried") {
		t.Errorf("404 debug page: %d %s", w.Code, w.Body.String())
	}
}

func TestPageOverride(t *testing.T) {
	rd := &httpx.Renderer{Page: func(_ context.Context, status int, msg string) ([]byte, bool) {
		return []byte(fmt.Sprintf("custom %d %s", status, msg)), status == 404
	}}
	for _, c := range []struct {
		err  error
		want string
	}{{httpx.NotFound("nope"), "custom 404 nope"}, {httpx.PermissionDenied("no"), "Forbidden"}} {
		h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return c.err })
		r := httptest.NewRequest("GET", "/", nil)
		w := serve(h, r.WithContext(httpx.WithRenderer(r.Context(), rd)))
		if !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("body %q lacks %q", w.Body.String(), c.want)
		}
	}
}

func TestRecordErrors(t *testing.T) {
	want := httpx.NotFound("x")
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return want })
	r := httptest.NewRequest("GET", "/", nil)
	ctx, outer := httpx.RecordErrors(r.Context())
	ctx, inner := httpx.RecordErrors(ctx)
	serve(h, r.WithContext(ctx))
	if outer() != want || inner() != want {
		t.Fatalf("recorded %v / %v", outer(), inner())
	}
}

func TestJSONAndHTML(t *testing.T) {
	w := httptest.NewRecorder()
	if err := httpx.JSON(w, 201, map[string]string{"message": "<hi>"}); err != nil {
		t.Fatal(err)
	}
	if w.Code != 201 || w.Header().Get("Content-Type") != "application/json" || w.Body.String() != `{"message":"\u003chi\u003e"}` {
		t.Fatalf("json: %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	w = httptest.NewRecorder()
	if err := httpx.JSON(w, 200, func() {}); err == nil {
		t.Fatal("encoding a func should fail")
	}
	w = httptest.NewRecorder()
	_ = httpx.HTML(w, 200, "<p>hi</p>")
	// A small body's length is net/http's to write (TestContentLengthOnTheWire).
	if _, ok := w.Header()["Content-Length"]; ok || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("html headers: %v", w.Header())
	}
	w = httptest.NewRecorder()
	_ = httpx.HTML(w, 200, strings.Repeat("x", httpx.AutoContentLength+1))
	if got := w.Header().Get("Content-Length"); got != "2049" {
		t.Fatalf("large html: Content-Length %q", got)
	}
}

// Every response written whole by JSON, HTML, Text and Render reaches the
// client with its Content-Length and not chunked, at any size, for GET and
// HEAD: net/http's server declares the small ones, the helpers the others.
func TestContentLengthOnTheWire(t *testing.T) {
	var tr echoRenderer
	for _, size := range []int{0, 1, httpx.AutoContentLength - 1, httpx.AutoContentLength, httpx.AutoContentLength + 1, 70000} {
		body := strings.Repeat("y", size)
		handlers := map[string]http.HandlerFunc{
			"json": func(w http.ResponseWriter, r *http.Request) { _ = httpx.JSON(w, 200, body) },
			"html": func(w http.ResponseWriter, r *http.Request) { _ = httpx.HTML(w, 200, body) },
			"text": func(w http.ResponseWriter, r *http.Request) { _ = httpx.Text(w, 200, body) },
			"render": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1") // wrong, replaced
				_ = httpx.Render(w, r.WithContext(httpx.WithTemplates(r.Context(), tr)), 200, "t", map[string]any{"body": body})
			},
		}
		for name, h := range handlers {
			srv := httptest.NewServer(h)
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				req, _ := http.NewRequest(method, srv.URL, nil)
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				want := int64(size)
				if name == "json" {
					want += 2 // the quotes
				}
				if resp.ContentLength != want || len(resp.TransferEncoding) != 0 || (method == http.MethodGet && int64(len(got)) != want) {
					t.Errorf("%s %s of %d bytes: Content-Length %d, Transfer-Encoding %v, %d bytes read",
						method, name, size, resp.ContentLength, resp.TransferEncoding, len(got))
				}
			}
			srv.Close()
		}
	}
}

func TestRedirect(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	if err := httpx.Redirect(w, r, "/polls/1/"); err != nil || w.Code != 302 || w.Header().Get("Location") != "/polls/1/" {
		t.Fatalf("redirect: %v %d %v", err, w.Code, w.Header())
	}
	w = httptest.NewRecorder()
	if err := httpx.Redirect(w, r, "https://example.com/", 301); err != nil || w.Code != 301 {
		t.Fatalf("301: %v %d", err, w.Code)
	}
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,x", "/a\r\nSet-Cookie: x=1"} {
		w = httptest.NewRecorder()
		if err := httpx.Redirect(w, r, bad); !errors.Is(err, httpx.ErrUnsafeRedirect) {
			t.Errorf("Redirect(%q) = %v, want ErrUnsafeRedirect", bad, err)
		}
	}
	if err := httpx.Redirect(httptest.NewRecorder(), r, "/x", 200); err == nil {
		t.Error("status 200 accepted as a redirect")
	}
}

func TestFile(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("hello"), ModTime: time.Unix(1700000000, 0)}}
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.File(w, r, fsys, strings.TrimPrefix(r.URL.Path, "/"))
	})
	w := serve(h, httptest.NewRequest("GET", "/a.txt", nil))
	if w.Code != 200 || w.Body.String() != "hello" {
		t.Fatalf("file: %d %q", w.Code, w.Body.String())
	}
	r := httptest.NewRequest("GET", "/a.txt", nil)
	r.Header.Set("If-Modified-Since", time.Unix(1700000000, 0).UTC().Format(http.TimeFormat))
	if w := serve(h, r); w.Code != 304 {
		t.Fatalf("conditional file: %d", w.Code)
	}
	if w := serve(h, httptest.NewRequest("GET", "/missing.txt", nil)); w.Code != 404 {
		t.Fatalf("missing file: %d", w.Code)
	}
}

func TestStream(t *testing.T) {
	w := httptest.NewRecorder()
	err := httpx.Stream(w, 200, "text/plain", func(out io.Writer, flush func() error) error {
		for i := range 3 {
			fmt.Fprintf(out, "line %d\n", i)
			if err := flush(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || w.Body.String() != "line 0\nline 1\nline 2\n" || !w.Flushed {
		t.Fatalf("stream: %v %q flushed=%v", err, w.Body.String(), w.Flushed)
	}
}

func TestNotModified(t *testing.T) {
	lm := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name    string
		method  string
		headers map[string]string
		want    int
	}{
		{"no preconditions", "GET", nil, 200},
		{"etag match", "GET", map[string]string{"If-None-Match": `"v1"`}, 304},
		{"weak etag match", "GET", map[string]string{"If-None-Match": `W/"v1"`}, 304},
		{"etag list", "GET", map[string]string{"If-None-Match": `"x", "v1"`}, 304},
		{"etag star", "GET", map[string]string{"If-None-Match": `*`}, 304},
		{"etag mismatch", "GET", map[string]string{"If-None-Match": `"v2"`}, 200},
		{"etag mismatch ignores ims", "GET", map[string]string{"If-None-Match": `"v2"`, "If-Modified-Since": lm.Format(http.TimeFormat)}, 200},
		{"ims current", "GET", map[string]string{"If-Modified-Since": lm.Format(http.TimeFormat)}, 304},
		{"ims older", "GET", map[string]string{"If-Modified-Since": lm.Add(-time.Hour).Format(http.TimeFormat)}, 200},
		{"post with matching inm", "POST", map[string]string{"If-None-Match": `"v1"`}, 412},
		{"if-match fails", "PUT", map[string]string{"If-Match": `"v2"`}, 412},
		{"if-match weak fails strong compare", "PUT", map[string]string{"If-Match": `W/"v1"`}, 412},
		{"if-match ok", "PUT", map[string]string{"If-Match": `"v1"`}, 200},
		{"ius fails", "PUT", map[string]string{"If-Unmodified-Since": lm.Add(-time.Hour).Format(http.TimeFormat)}, 412},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "/", nil)
			for k, v := range c.headers {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			if !httpx.NotModified(w, r, "v1", lm) {
				w.WriteHeader(200)
			}
			if w.Code != c.want {
				t.Fatalf("status %d, want %d", w.Code, c.want)
			}
			if w.Header().Get("ETag") != `"v1"` {
				t.Errorf("ETag = %q", w.Header().Get("ETag"))
			}
		})
	}
}

func TestAttachment(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.Attachment(w, "a \"b\"\r\n.txt")
	got := w.Header().Get("Content-Disposition")
	if strings.ContainsAny(got, "\r\n") || !strings.Contains(got, `filename="a b.txt"`) {
		t.Fatalf("Content-Disposition = %q", got)
	}
}

type fakeTemplates struct{}

func (fakeTemplates) RenderTemplate(w io.Writer, r *http.Request, name string, data map[string]any) error {
	if name == "broken.html" {
		return errors.New("syntax error")
	}
	_, err := fmt.Fprintf(w, "%s:%v", name, data["x"])
	return err
}

func TestRender(t *testing.T) {
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.Render(w, r, 201, r.URL.Query().Get("t"), map[string]any{"x": 1})
	})
	r := httptest.NewRequest("GET", "/?t=a.html", nil)
	w := serve(h, r.WithContext(httpx.WithTemplates(r.Context(), fakeTemplates{})))
	if w.Code != 201 || w.Body.String() != "a.html:1" {
		t.Fatalf("render: %d %q", w.Code, w.Body.String())
	}
	r = httptest.NewRequest("GET", "/?t=broken.html", nil)
	w = serve(h, r.WithContext(httpx.WithTemplates(r.Context(), fakeTemplates{})))
	if w.Code != 500 || strings.Contains(w.Body.String(), "broken.html:") {
		t.Fatalf("broken template: %d %q", w.Code, w.Body.String())
	}
	w = serve(h, httptest.NewRequest("GET", "/?t=a.html", nil))
	if w.Code != 500 {
		t.Fatalf("no renderer: %d", w.Code)
	}
}

// echoRenderer renders data["body"] whatever the template's name.
type echoRenderer struct{}

func (echoRenderer) RenderTemplate(w io.Writer, _ *http.Request, _ string, data map[string]any) error {
	_, err := io.WriteString(w, data["body"].(string))
	return err
}
