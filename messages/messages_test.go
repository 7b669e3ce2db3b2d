package messages_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/messages"
)

var testKey = []byte("djinn-messages-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// browser carries cookies between requests like a user agent would.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]string
}

func newBrowser(t *testing.T, cfg messages.Config, view http.HandlerFunc) *browser {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	mw, err := messages.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, h: mw.Handler(view), cookies: map[string]string{}}
}

func (b *browser) do(path string) *http.Response {
	b.t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for k, v := range b.cookies {
		r.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, r)
	res := w.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return res
}

func texts(ms []messages.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Message)
	}
	return out
}

// app is a view: ?add=text adds an info message, ?show=1 reads them.
func app(got *[]messages.Message) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, text := range r.URL.Query()["add"] {
			if err := messages.Info(r, text); err != nil {
				panic(err)
			}
		}
		if r.URL.Query().Get("show") != "" {
			*got = messages.Get(r)
		}
		io.WriteString(w, "ok")
	}
}

func TestLevelsAndTags(t *testing.T) {
	levels := messages.DefaultLevels()
	want := map[string]messages.Level{"DEBUG": 10, "INFO": 20, "SUCCESS": 25, "WARNING": 30, "ERROR": 40}
	for k, v := range want {
		if levels[k] != v {
			t.Errorf("%s = %d, want %d", k, levels[k], v)
		}
	}
	var got []messages.Message
	b := newBrowser(t, messages.Config{
		Storage: messages.NewCookieStorage(testKey),
		Level:   messages.LevelDebug,
		Tags:    map[messages.Level]string{messages.LevelError: "danger", 35: "notice", messages.LevelWarning: ""},
	}, func(w http.ResponseWriter, r *http.Request) {
		messages.Debug(r, "d")
		messages.Info(r, "i")
		messages.Success(r, "s")
		messages.Warning(r, "w")
		messages.Error(r, "e")
		messages.Add(r, 35, "custom")
		messages.Add(r, 99, "untagged")
		messages.AddMessage(r, messages.Message{Level: messages.LevelInfo, Message: "x", ExtraTags: "sticky"})
		got = messages.Get(r)
	})
	b.do("/")
	wantTags := []string{"debug", "info", "success", "", "danger", "notice", "", "sticky info"}
	if len(got) != len(wantTags) {
		t.Fatalf("got %d messages: %#v", len(got), got)
	}
	for i, m := range got {
		if m.Tags() != wantTags[i] {
			t.Errorf("%q tags = %q, want %q", m.Message, m.Tags(), wantTags[i])
		}
	}
	if got[0].String() != "d" || got[4].LevelTag() != "danger" {
		t.Errorf("String/LevelTag: %q %q", got[0].String(), got[4].LevelTag())
	}
}

func TestMessagesSurviveUntilRead(t *testing.T) {
	var got []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, app(&got))

	b.do("/?add=one&add=two")
	if b.cookies["messages"] == "" {
		t.Fatal("no messages cookie after adding")
	}
	b.do("/") // not read: still there
	b.do("/?add=three")
	b.do("/?show=1&add=four")
	if want := []string{"one", "two", "three", "four"}; !slices.Equal(texts(got), want) {
		t.Fatalf("got %q, want %q", texts(got), want)
	}
	if _, ok := b.cookies["messages"]; ok {
		t.Fatal("cookie not deleted after the messages were read")
	}
	got = nil
	b.do("/?show=1")
	if len(got) != 0 {
		t.Fatalf("messages shown twice: %q", texts(got))
	}
}

func TestAddedAfterReadingAreKept(t *testing.T) {
	var first []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/read-then-add" {
			first = messages.Get(r)
			messages.Warning(r, "later")
			return
		}
		messages.Info(r, "early")
	})
	b.do("/")
	b.do("/read-then-add")
	if !slices.Equal(texts(first), []string{"early"}) {
		t.Fatalf("first read: %q", texts(first))
	}
	var second []messages.Message
	b.h = mustMiddleware(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		second = messages.Get(r)
	})
	b.do("/")
	if !slices.Equal(texts(second), []string{"later"}) {
		t.Fatalf("second read: %q", texts(second))
	}
}

func mustMiddleware(t *testing.T, cfg messages.Config, h http.HandlerFunc) http.Handler {
	t.Helper()
	cfg.Logger = quiet()
	mw, err := messages.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return mw.Handler(h)
}

func TestMinimumLevel(t *testing.T) {
	var got []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey), Level: messages.LevelWarning},
		func(w http.ResponseWriter, r *http.Request) {
			if messages.CurrentLevel(r) != messages.LevelWarning {
				t.Errorf("CurrentLevel = %d", messages.CurrentLevel(r))
			}
			messages.Info(r, "dropped")
			messages.Warning(r, "kept")
			messages.Add(r, messages.LevelError, "") // empty text is ignored
			if err := messages.SetLevel(r, messages.LevelDebug); err != nil {
				t.Fatal(err)
			}
			messages.Debug(r, "debug after SetLevel")
			got = messages.Get(r)
		})
	b.do("/")
	if want := []string{"kept", "debug after SetLevel"}; !slices.Equal(texts(got), want) {
		t.Fatalf("got %q, want %q", texts(got), want)
	}

	// The default minimum is INFO: debug messages are dropped.
	got = nil
	b = newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		messages.Debug(r, "no")
		messages.Info(r, "yes")
		got = messages.Get(r)
	})
	b.do("/")
	if !slices.Equal(texts(got), []string{"yes"}) {
		t.Fatalf("default level: %q", texts(got))
	}
}

func TestWithoutMiddleware(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if err := messages.Info(r, "x"); !errors.Is(err, messages.ErrNoMiddleware) {
		t.Fatalf("Info without middleware: %v", err)
	}
	if err := messages.SetLevel(r, 10); !errors.Is(err, messages.ErrNoMiddleware) {
		t.Fatalf("SetLevel without middleware: %v", err)
	}
	if messages.Get(r) != nil || messages.Peek(r) != nil || messages.All(r).Truthy() {
		t.Fatal("messages without middleware")
	}
	if messages.CurrentLevel(r) != messages.LevelInfo {
		t.Fatal("CurrentLevel without middleware")
	}
	if _, err := messages.New(messages.Config{}); !errors.Is(err, messages.ErrNoStorage) {
		t.Fatalf("New without storage: %v", err)
	}
}

func TestPeekDoesNotConsume(t *testing.T) {
	var got []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/add" {
			messages.Info(r, "hello")
			return
		}
		if r.URL.Path == "/peek" {
			got = messages.Peek(r)
			return
		}
		got = messages.Get(r)
	})
	b.do("/add")
	b.do("/peek")
	if !slices.Equal(texts(got), []string{"hello"}) {
		t.Fatalf("peek: %q", texts(got))
	}
	got = nil
	b.do("/get")
	if !slices.Equal(texts(got), []string{"hello"}) {
		t.Fatalf("get after peek: %q", texts(got))
	}
}

func TestSavedBeforeHeaders(t *testing.T) {
	// A view that writes its body still gets the cookie: the middleware
	// saves when the headers are written.
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		messages.Info(r, "hi")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, strings.Repeat("x", 100))
		w.(http.Flusher).Flush()
	})
	res := b.do("/")
	if res.StatusCode != 201 || b.cookies["messages"] == "" {
		t.Fatalf("status %d, cookies %v", res.StatusCode, b.cookies)
	}
}

func TestMessagesCompare(t *testing.T) {
	var got []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		messages.Warning(r, "careful")
		got = messages.Get(r)
	})
	b.do("/")
	if want := (messages.Message{Level: messages.LevelWarning, Message: "careful"}); len(got) != 1 || got[0] != want {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestAddAfterHeadersIsLoggedAndDropped(t *testing.T) {
	var logs strings.Builder
	cfg := messages.Config{
		Storage: messages.NewCookieStorage(testKey),
		Logger:  slog.New(slog.NewTextHandler(&logs, nil)),
	}
	b := newBrowser(t, cfg, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "body first")
		messages.Info(r, "too late")
	})
	b.do("/")
	if _, ok := b.cookies["messages"]; ok || !strings.Contains(logs.String(), "after the response headers") {
		t.Fatalf("cookies %v, log %q", b.cookies, logs.String())
	}
}

// TestActive: Active tells whether the middleware handles the request,
// without making the request's message state or reading the storage.
func TestActive(t *testing.T) {
	if messages.Active(httptest.NewRequest("GET", "/", nil)) {
		t.Fatal("Active without the middleware")
	}
	var active bool
	var got []messages.Message
	b := newBrowser(t, messages.Config{Storage: messages.NewCookieStorage(testKey)}, func(w http.ResponseWriter, r *http.Request) {
		active = messages.Active(r)
		app(&got)(w, r)
	})
	b.do("/?add=hello")
	if !active {
		t.Fatal("Active under the middleware")
	}
	// Active alone neither reads nor rewrites the stored message.
	b.do("/")
	b.do("/?show=1")
	if len(got) != 1 || got[0].Message != "hello" {
		t.Fatalf("after Active-only requests: %v", texts(got))
	}
}
