package messages

import (
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"sync"

	"github.com/djinn-go/djinn/httpx"
)

// Level is a message's importance. The five named levels are Django's; any
// other integer works as a custom level (give it a tag in Config.Tags).
type Level int

// Django's levels and their values.
const (
	LevelDebug   Level = 10
	LevelInfo    Level = 20
	LevelSuccess Level = 25
	LevelWarning Level = 30
	LevelError   Level = 40
)

// defaultTags are the CSS-friendly tags of the default levels, Django's
// DEFAULT_TAGS.
var defaultTags = map[Level]string{
	LevelDebug:   "debug",
	LevelInfo:    "info",
	LevelSuccess: "success",
	LevelWarning: "warning",
	LevelError:   "error",
}

// DefaultLevels returns the names and values of the default levels: the
// template variable DEFAULT_MESSAGE_LEVELS.
// Each call returns a new map, which the caller may change.
func DefaultLevels() map[string]Level { return maps.Clone(defaultLevels) }

// defaultLevels is DefaultLevels, made once for [ContextProcessor]:
// templates only read it.
var defaultLevels = map[string]Level{
	"DEBUG":   LevelDebug,
	"INFO":    LevelInfo,
	"SUCCESS": LevelSuccess,
	"WARNING": LevelWarning,
	"ERROR":   LevelError,
}

// ErrNoMiddleware is returned when a message is added to a request that
// did not pass through the middleware (Django's MessageFailure).
var ErrNoMiddleware = errors.New("messages: the messages middleware is not installed")

// Message is one notification. In templates it reads as Django's Message:
// {{ message }}, {{ message.message }}, {{ message.level }},
// {{ message.tags }}, {{ message.level_tag }}, {{ message.extra_tags }}.
type Message struct {
	// Level is the message's importance.
	Level Level
	// Message is the text shown to the user.
	Message string
	// ExtraTags are space-separated tags added before the level's tag.
	ExtraTags string
	// Safe records that Message is trusted HTML (Django's SafeData); it is
	// kept through the storages so a Django service reading the same
	// cookie sees it as safe. Templates still escape {{ message }}.
	Safe bool

	// tag is the level's tag from Config.Tags, set when the message is
	// read (hasTag): Message stays comparable, and equal to one built by
	// hand unless the project overrides its level's tag.
	tag    string
	hasTag bool
}

// String returns the text, so {{ message }} prints it.
func (m Message) String() string { return m.Message }

// LevelTag returns the level's tag ("info", "error", …): Config.Tags first,
// then the defaults, "" for a level without one.
func (m Message) LevelTag() string {
	if m.hasTag {
		return m.tag
	}
	return defaultTags[m.Level]
}

// Tags returns the extra tags and the level tag joined by a space, for a
// CSS class attribute.
func (m Message) Tags() string {
	lt := m.LevelTag()
	switch {
	case m.ExtraTags == "":
		return lt
	case lt == "":
		return m.ExtraTags
	}
	return m.ExtraTags + " " + lt
}

// GoString shows the message in test failures.
func (m Message) GoString() string {
	return "messages.Message{Level: " + strconv.Itoa(int(m.Level)) + ", Message: " + strconv.Quote(m.Message) + "}"
}

// equal compares the stored parts of two messages.
func (m Message) equal(o Message) bool {
	return m.Level == o.Level && m.Message == o.Message && m.ExtraTags == o.ExtraTags && m.Safe == o.Safe
}

// state is one request's messages: those loaded from storage and those
// added while handling it.
type state struct {
	m *Middleware
	r *http.Request

	mu       sync.Mutex
	loaded   bool
	stored   []Message // read from storage
	invalid  bool      // storage held data that did not verify
	queued   []Message // added by this request
	used     bool      // the messages were read (iterated)
	addedNew bool
	level    Level
	levelSet bool
	saved    bool // the response's headers are out: too late to add
}

func (s *state) load() {
	if s.loaded {
		return
	}
	s.loaded = true
	msgs, _, err := s.m.cfg.Storage.Load(s.r)
	if err != nil {
		// Bad or tampered data is dropped, and the storage rewritten when
		// the response goes out.
		s.invalid = true
		s.m.logError(s.r, "load messages", err)
	}
	s.stored = msgs
}

func (s *state) minLevel() Level {
	if s.levelSet {
		return s.level
	}
	return s.m.cfg.Level
}

func (s *state) add(msg Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg.Message == "" || msg.Level < s.minLevel() {
		return
	}
	if s.saved {
		s.m.cfg.Logger.LogAttrs(s.r.Context(), slog.LevelWarn,
			"messages: message added after the response headers were written; it is lost",
			slog.String("path", s.r.URL.Path))
		return
	}
	s.queued = append(s.queued, msg)
	s.addedNew = true
}

// all returns every message, marking them read when consume is set.
func (s *state) all(consume bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load()
	if consume {
		// As iterating Django's storage: what was added so far counts as
		// read too; only messages added afterwards are saved.
		s.used = true
		s.stored = append(s.stored, s.queued...)
		s.queued = nil
	}
	out := make([]Message, 0, len(s.stored)+len(s.queued))
	for _, lists := range [][]Message{s.stored, s.queued} {
		for _, m := range lists {
			m.tag, m.hasTag = s.m.cfg.Tags[m.Level]
			out = append(out, m)
		}
	}
	return out
}

// pending returns what must be saved at the end of the request and
// whether anything must be written at all (Django's BaseStorage.update).
func (s *state) pending() ([]Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used {
		return append([]Message(nil), s.queued...), true
	}
	if s.addedNew {
		s.load()
	}
	if s.addedNew || s.invalid {
		return append(append([]Message(nil), s.stored...), s.queued...), true
	}
	return nil, false
}

// from returns r's messages, made on first use, or nil without the
// middleware.
func from(r *http.Request) *state {
	if r == nil {
		return nil
	}
	sc := httpx.ExtScope(r.Context(), ext)
	if sc == nil {
		return nil
	}
	mw, req, v := sc.Ext(ext)
	if s, ok := v.(*state); ok {
		return s
	}
	s := &state{m: mw.(*Middleware), r: req, saved: sc.HeadersSent(ext)}
	return sc.LoadOrStoreExt(ext, s).(*state)
}

// Active reports whether r passed through the middleware (so that Add and
// Get work). It reads no storage and makes no state.
func Active(r *http.Request) bool {
	return r != nil && httpx.ExtScope(r.Context(), ext) != nil
}

// Add records a message for the user at the given level, shown on this
// request or, if it is not displayed, on a later one. Empty text and
// levels below the minimum (Config.Level, or SetLevel) are ignored.
func Add(r *http.Request, level Level, text string) error {
	return AddMessage(r, Message{Level: level, Message: text})
}

// AddMessage records m, with its extra tags and safety; see Add.
func AddMessage(r *http.Request, m Message) error {
	if m.Message == "" { // ignored: no need to make the state
		if !Active(r) {
			return ErrNoMiddleware
		}
		return nil
	}
	s := from(r)
	if s == nil {
		return ErrNoMiddleware
	}
	m.tag, m.hasTag = "", false
	s.add(m)
	return nil
}

// Debug adds a message at LevelDebug (ignored unless the minimum level is
// lowered to LevelDebug).
func Debug(r *http.Request, text string) error { return Add(r, LevelDebug, text) }

// Info adds a message at LevelInfo.
func Info(r *http.Request, text string) error { return Add(r, LevelInfo, text) }

// Success adds a message at LevelSuccess.
func Success(r *http.Request, text string) error { return Add(r, LevelSuccess, text) }

// Warning adds a message at LevelWarning.
func Warning(r *http.Request, text string) error { return Add(r, LevelWarning, text) }

// Error adds a message at LevelError.
func Error(r *http.Request, text string) error { return Add(r, LevelError, text) }

// Get returns the request's messages, the stored ones first, and marks
// them read: they are not stored again unless added again. Without the
// middleware it returns nil.
func Get(r *http.Request) []Message {
	s := from(r)
	if s == nil {
		return nil
	}
	return s.all(true)
}

// Peek returns the request's messages without marking them read.
func Peek(r *http.Request) []Message {
	s := from(r)
	if s == nil {
		return nil
	}
	return s.all(false)
}

// CurrentLevel returns the minimum level recorded for r (Django's
// get_level).
func CurrentLevel(r *http.Request) Level {
	s := from(r)
	if s == nil {
		return LevelInfo
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minLevel()
}

// SetLevel changes the minimum level recorded for the rest of r (Django's
// set_level).
func SetLevel(r *http.Request, level Level) error {
	s := from(r)
	if s == nil {
		return ErrNoMiddleware
	}
	s.mu.Lock()
	s.level, s.levelSet = level, true
	s.mu.Unlock()
	return nil
}

// Seq is a request's messages as a lazy sequence, what templates receive.
// A loop that runs to the end marks the messages read, as iterating
// Django's storage does; {% if messages %} (Truthy) stops at the first
// message and leaves them in place. {{ messages|length }} (Len) runs
// through them and so marks them read.
type Seq func(yield func(Message) bool)

// Truthy reports whether there is at least one message, without marking
// the messages read.
func (q Seq) Truthy() bool {
	found := false
	if q != nil {
		q(func(Message) bool {
			found = true
			return false
		})
	}
	return found
}

// Len returns the number of messages; it reads them all, marking them read.
func (q Seq) Len() int {
	n := 0
	if q != nil {
		for range q {
			n++
		}
	}
	return n
}

// All returns r's messages as a sequence; ranging over it to the end marks
// them read (see Seq). Without the middleware the sequence is empty.
func All(r *http.Request) Seq {
	return func(yield func(Message) bool) {
		s := from(r) // made when the template uses the messages
		if s == nil {
			return
		}
		for _, m := range s.all(false) {
			if !yield(m) {
				return
			}
		}
		s.all(true)
	}
}

// ContextProcessor gives templates "messages" (All(r)) and
// "DEFAULT_MESSAGE_LEVELS" (DefaultLevels), Django's
// django.contrib.messages.context_processors.messages. It has the shape
// of template.ContextProcessor.
func ContextProcessor(r *http.Request) map[string]any {
	return map[string]any{
		"messages":               All(r),
		"DEFAULT_MESSAGE_LEVELS": defaultLevels,
	}
}
