package messages

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/djinn-go/djinn/httpx"
)

// ErrNoStorage is returned by New without a Config.Storage.
var ErrNoStorage = errors.New("messages: Config.Storage is required")

// Config configures the middleware.
type Config struct {
	// Storage keeps messages between requests. Required; Django's
	// default is NewFallbackStorage(cookie storage, session storage).
	Storage Storage
	// Level is the minimum level recorded (MESSAGE_LEVEL); 0 means
	// LevelInfo, so Debug messages are dropped unless it is lowered.
	Level Level
	// Tags maps levels to tags, overriding or adding to the defaults
	// (MESSAGE_TAGS).
	Tags map[Level]string
	// Logger receives invalid stored data and messages that could not
	// be stored; nil means slog.Default().
	Logger *slog.Logger
}

// Middleware is Django's MessageMiddleware: it gives each request its
// messages and saves what remains before the response headers go out.
// Place it inside the session middleware when a storage uses sessions.
type Middleware struct {
	cfg Config
}

// New checks cfg and returns the middleware.
func New(cfg Config) (*Middleware, error) {
	if cfg.Storage == nil {
		return nil, ErrNoStorage
	}
	if cfg.Level == 0 {
		cfg.Level = LevelInfo
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Middleware{cfg: cfg}, nil
}

func (m *Middleware) logError(r *http.Request, what string, err error) {
	m.cfg.Logger.LogAttrs(r.Context(), slog.LevelWarn, "messages: "+what, slog.String("path", r.URL.Path), slog.String("error", err.Error()))
}

// ext is the messages' place in the request record (httpx.Scope).
var ext = httpx.NewExt()

// Handler returns next with messages available to it. The messages are
// saved when the response's headers are written (or when next returns
// without writing), so a view must read or add messages before it starts
// writing its body; httpx.Render does, as it renders into a buffer. The
// storage is read only when a view reads or adds messages.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, ext, m)
		defer sc.Finish(ext)
		next.ServeHTTP(w, r)
	})
}

// BeforeHeader implements httpx.HeaderHook: it saves the pending
// messages, if the request used them, into w's headers.
func (m *Middleware) BeforeHeader(sc *httpx.Scope, w http.ResponseWriter, status int) int {
	if _, _, v := sc.Ext(ext); v != nil {
		v.(*state).save(w)
	}
	return status
}

// save writes the pending messages to the storage, into w's headers.
func (s *state) save(w http.ResponseWriter) {
	s.mu.Lock()
	s.saved = true
	s.mu.Unlock()
	msgs, ok := s.pending()
	if !ok {
		return
	}
	unstored, err := s.m.cfg.Storage.Save(w, s.r, msgs, true)
	if err != nil {
		s.m.logError(s.r, "save messages", err)
	}
	if len(unstored) > 0 {
		s.m.cfg.Logger.LogAttrs(s.r.Context(), slog.LevelWarn, "messages: not all messages could be stored",
			slog.String("path", s.r.URL.Path), slog.Int("dropped", len(unstored)))
	}
}
