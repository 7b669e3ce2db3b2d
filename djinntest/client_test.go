package djinntest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/djinn-go/djinn/djinntest"
)

// fakeTB records failures instead of failing the real test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  bool
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprint(args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	f.fatal = true
	runtime.Goexit()
}

func (f *fakeTB) failure() string { return strings.Join(f.errors, "\n") }

// capture runs fn with a fakeTB in its own goroutine, so that Fatalf can
// stop it.
func capture(t *testing.T, fn func(tb testing.TB)) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

type echo struct {
	Method      string              `json:"method"`
	Host        string              `json:"host"`
	Path        string              `json:"path"`
	Query       url.Values          `json:"query"`
	ContentType string              `json:"content_type"`
	Body        string              `json:"body"`
	Form        url.Values          `json:"form"`
	Files       map[string]string   `json:"files"`
	Cookies     map[string]string   `json:"cookies"`
	Header      map[string][]string `json:"header"`
	TLS         bool                `json:"tls"`
}

func testHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		e := echo{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(),
			ContentType: r.Header.Get("Content-Type"), Cookies: map[string]string{}, Header: r.Header, TLS: r.TLS != nil}
		if strings.HasPrefix(e.ContentType, "multipart/") {
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			e.Form = r.MultipartForm.Value
			e.Files = map[string]string{}
			for field, fhs := range r.MultipartForm.File {
				f, _ := fhs[0].Open()
				data, _ := io.ReadAll(f)
				f.Close()
				e.Files[field] = fhs[0].Filename + "|" + fhs[0].Header.Get("Content-Type") + "|" + string(data)
			}
		} else if e.ContentType == "application/x-www-form-urlencoded" {
			r.ParseForm()
			e.Form = r.PostForm
		} else {
			b, _ := io.ReadAll(r.Body)
			e.Body = string(b)
		}
		for _, c := range r.Cookies() {
			e.Cookies[c.Name] = c.Value
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(e)
	})
	mux.HandleFunc("/cookies/set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "plain", Value: "1", Path: "/"})
		http.SetCookie(w, &http.Cookie{Name: "scoped", Value: "2", Path: "/sub/"})
		http.SetCookie(w, &http.Cookie{Name: "secure", Value: "3", Path: "/", Secure: true})
		http.SetCookie(w, &http.Cookie{Name: "session_only", Value: "4"}) // default path: /cookies
	})
	mux.HandleFunc("/cookies/delete", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "plain", Path: "/", MaxAge: -1})
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		// /chain/3 → /chain/2 → /chain/1 → /chain/0 → 200
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		if n == 0 {
			io.WriteString(w, "end of chain")
			return
		}
		w.Header().Set("Location", fmt.Sprint(n-1)) // relative to the path
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/see-other", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo?from=303", http.StatusSeeOther)
	})
	mux.HandleFunc("/temporary", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo?from=307", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/absolute", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://testserver/chain/0?b=2&a=1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/remote", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://example.com/x", http.StatusFound)
	})
	mux.HandleFunc("/broken-target", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/missing", http.StatusFound)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		io.WriteString(w, "<p>apple</p><p>apple</p><p>pear</p>")
	})
	mux.HandleFunc("/nocontent", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
		io.WriteString(w, "ignored")
	})
	return mux
}

func decode(t *testing.T, resp *djinntest.Response) echo {
	t.Helper()
	var e echo
	if err := resp.JSON(&e); err != nil {
		t.Fatalf("%v: %v\n%s", resp, err, resp.Body)
	}
	return e
}

func TestMethodsAndBodies(t *testing.T) {
	c := djinntest.NewClient(t, testHandler())
	c.Header.Set("X-Default", "yes")

	e := decode(t, c.Get("/echo?a=1", djinntest.Query(url.Values{"b": {"2", "3"}}), djinntest.Header("X-Test", "t")))
	if e.Method != "GET" || e.Host != "testserver" || e.Query.Get("a") != "1" || !slices.Equal(e.Query["b"], []string{"2", "3"}) {
		t.Errorf("GET: %+v", e)
	}
	if e.Header["X-Test"][0] != "t" || e.Header["X-Default"][0] != "yes" || e.TLS {
		t.Errorf("GET headers: %+v", e.Header)
	}

	e = decode(t, c.Post("/echo", djinntest.Form{"name": {"Zoë"}, "tags": {"a", "b"}}))
	if e.Method != "POST" || e.Form.Get("name") != "Zoë" || !slices.Equal(e.Form["tags"], []string{"a", "b"}) {
		t.Errorf("POST form: %+v", e)
	}

	e = decode(t, c.Put("/echo", djinntest.JSON(map[string]int{"n": 1})))
	if e.Method != "PUT" || e.ContentType != "application/json" || e.Body != `{"n":1}` {
		t.Errorf("PUT JSON: %+v", e)
	}

	e = decode(t, c.Patch("/echo", djinntest.Raw("text/plain", []byte("raw text"))))
	if e.Method != "PATCH" || e.ContentType != "text/plain" || e.Body != "raw text" {
		t.Errorf("PATCH raw: %+v", e)
	}

	e = decode(t, c.Delete("/echo"))
	if e.Method != "DELETE" || e.Body != "" {
		t.Errorf("DELETE: %+v", e)
	}
	e = decode(t, c.Options("/echo"))
	if e.Method != "OPTIONS" {
		t.Errorf("OPTIONS: %+v", e)
	}
	e = decode(t, c.Do("DELETE", "/echo", djinntest.JSON([]int{1})))
	if e.Body != "[1]" {
		t.Errorf("DELETE with body: %+v", e)
	}

	head := c.Head("/echo")
	if head.StatusCode != 200 || len(head.Body) != 0 || head.Header.Get("Content-Type") != "application/json" {
		t.Errorf("HEAD: %v %q", head, head.Body)
	}
	if r := c.Get("/nocontent"); r.StatusCode != 204 || len(r.Body) != 0 {
		t.Errorf("204 kept a body: %q", r.Body)
	}

	e = decode(t, c.Get("/echo", djinntest.Secure()))
	if !e.TLS {
		t.Error("Secure: handler did not see TLS")
	}
	if e := decode(t, c.Get("/echo?q=1#section")); e.Query.Get("q") != "1" || e.Path != "/echo" {
		t.Errorf("fragment: %+v", e)
	}
	e = decode(t, c.Get("https://testserver/echo"))
	if !e.TLS || e.Host != "testserver" {
		t.Errorf("absolute https URL: %+v", e)
	}

	other := djinntest.NewClient(t, testHandler())
	other.Host = "example.org"
	if e := decode(t, other.Get("/echo")); e.Host != "example.org" {
		t.Errorf("Host: %q", e.Host)
	}
}

func TestMultipartUpload(t *testing.T) {
	c := djinntest.NewClient(t, testHandler())
	body := djinntest.NewMultipart().
		Field("title", "Report").
		File("doc", "notes.txt", []byte("hello file")).
		FileType("blob", `we"ird.bin`, "application/x-custom", []byte{0, 1, 2}).
		File("unknown", "data.zzz-unknown", []byte("?"))
	e := decode(t, c.Post("/echo", body))
	if e.Form.Get("title") != "Report" {
		t.Errorf("field: %+v", e.Form)
	}
	want := map[string]string{
		"doc":     "notes.txt|text/plain; charset=utf-8|hello file",
		"blob":    "we\"ird.bin|application/x-custom|\x00\x01\x02",
		"unknown": "data.zzz-unknown|application/octet-stream|?",
	}
	for k, v := range want {
		if e.Files[k] != v {
			t.Errorf("file %s = %q, want %q", k, e.Files[k], v)
		}
	}
}

func TestCookieJar(t *testing.T) {
	c := djinntest.NewClient(t, testHandler())
	resp := c.Get("/cookies/set")
	if resp.Cookie("plain") == nil || resp.Cookie("plain").Value != "1" || resp.Cookie("nope") != nil {
		t.Fatalf("response cookies: %v", resp.Cookies())
	}
	got := decode(t, c.Get("/echo")).Cookies
	// Path-scoped, Secure and default-path cookies stay out of /echo over
	// plain HTTP, as in a browser.
	if want := map[string]string{"plain": "1"}; !equalMaps(got, want) {
		t.Errorf("cookies sent to /echo: %v, want %v", got, want)
	}
	if got := decode(t, c.Get("/echo", djinntest.Secure())).Cookies; !equalMaps(got, map[string]string{"plain": "1", "secure": "3"}) {
		t.Errorf("cookies over HTTPS: %v", got)
	}
	if cs := c.Cookies("/sub/page"); len(cs) != 2 {
		t.Errorf("cookies for /sub/page: %v", cs)
	}
	if v, ok := c.Cookie("plain"); !ok || v != "1" {
		t.Errorf("Cookie(plain) = %q, %v", v, ok)
	}

	c.Get("/cookies/delete")
	if _, ok := c.Cookie("plain"); ok {
		t.Error("deleted cookie still held")
	}

	c.SetCookie(&http.Cookie{Name: "sessionid", Value: "abc"})
	if got := decode(t, c.Get("/echo")).Cookies; got["sessionid"] != "abc" {
		t.Errorf("SetCookie: %v", got)
	}
	c.ClearCookies()
	if got := decode(t, c.Get("/echo")).Cookies; len(got) != 0 {
		t.Errorf("after ClearCookies: %v", got)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFollow(t *testing.T) {
	c := djinntest.NewClient(t, testHandler())
	resp := c.Get("/chain/3")
	if resp.StatusCode != 302 || resp.Location() != "2" || resp.RedirectChain != nil {
		t.Fatalf("without Follow: %v %q", resp, resp.Location())
	}
	resp = c.Get("/chain/3", djinntest.Follow())
	want := []djinntest.Redirect{{URL: "2", StatusCode: 302}, {URL: "1", StatusCode: 302}, {URL: "0", StatusCode: 302}}
	if resp.StatusCode != 200 || resp.Text() != "end of chain" || !slices.Equal(resp.RedirectChain, want) {
		t.Fatalf("Follow: %v %q %v", resp, resp.Text(), resp.RedirectChain)
	}
	if resp.Request.URL.Path != "/chain/0" {
		t.Errorf("final request %s", resp.Request.URL)
	}

	// 303 turns a POST into a GET without a body; 307 repeats it.
	e := decode(t, c.Post("/see-other", djinntest.Form{"x": {"1"}}, djinntest.Follow()))
	if e.Method != "GET" || e.Query.Get("from") != "303" || len(e.Form) != 0 {
		t.Errorf("303: %+v", e)
	}
	e = decode(t, c.Post("/temporary", djinntest.Form{"x": {"1"}}, djinntest.Follow()))
	if e.Method != "POST" || e.Form.Get("x") != "1" {
		t.Errorf("307: %+v", e)
	}

	f := capture(t, func(tb testing.TB) {
		djinntest.NewClient(tb, testHandler()).Get("/loop", djinntest.Follow())
	})
	if !f.fatal || !strings.Contains(f.failure(), "redirect loop") {
		t.Errorf("loop: %q", f.failure())
	}
	f = capture(t, func(tb testing.TB) {
		djinntest.NewClient(tb, testHandler()).Get("/chain/25", djinntest.Follow())
	})
	if !f.fatal || !strings.Contains(f.failure(), "too many redirects") {
		t.Errorf("25 redirects: %q", f.failure())
	}
	// 20 are fine.
	if resp := c.Get("/chain/20", djinntest.Follow()); resp.StatusCode != 200 || len(resp.RedirectChain) != 20 {
		t.Errorf("20 redirects: %v, %d", resp, len(resp.RedirectChain))
	}
}

func TestCSRFHeaderOnlyForUnsafeMethods(t *testing.T) {
	c := djinntest.NewClient(t, testHandler())
	if e := decode(t, c.Get("/echo")); e.Header["X-Csrftoken"] != nil {
		t.Errorf("GET carries a CSRF header: %v", e.Header)
	}
	e := decode(t, c.Post("/echo", nil))
	tok := e.Header["X-Csrftoken"]
	if len(tok) != 1 || len(tok[0]) != 32 || e.Cookies["csrftoken"] != tok[0] {
		t.Errorf("POST: header %v, cookie %q", tok, e.Cookies["csrftoken"])
	}
	if c.CSRFToken() != tok[0] {
		t.Errorf("CSRFToken = %q", c.CSRFToken())
	}
	if e := decode(t, c.Post("/echo", nil, djinntest.Secure())); e.Header["Referer"][0] != "https://testserver/" {
		t.Errorf("HTTPS POST Referer: %v", e.Header["Referer"])
	}

	c = djinntest.NewClient(t, testHandler())
	c.EnforceCSRFChecks = true
	if e := decode(t, c.Post("/echo", nil)); e.Header["X-Csrftoken"] != nil || len(e.Cookies) != 0 {
		t.Errorf("EnforceCSRFChecks still helps: %+v", e)
	}
}

// TestHostIsSentAsGiven: any Host header a client can send reaches the
// handler as it is (host validation tests depend on it), without panicking
// on hosts that are not valid in a URL.
func TestHostIsSentAsGiven(t *testing.T) {
	for _, host := range []string{"evil.com@good.com", "bad host", "example.com:8000", "[::1]:80"} {
		var got, scheme string
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r.Host
			scheme = "http"
			if r.TLS != nil {
				scheme = "https"
			}
		})
		c := djinntest.NewClient(t, h)
		c.Host = host
		c.Get("/")
		if got != host || scheme != "http" {
			t.Errorf("Host %q: handler saw %q over %s", host, got, scheme)
		}
		c.Get("/", djinntest.Secure())
		if got != host || scheme != "https" {
			t.Errorf("Host %q, secure: handler saw %q over %s", host, got, scheme)
		}
	}
}
