package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

// AccessLogConfig configures [AccessLog]. The zero value logs to
// slog.Default().
type AccessLogConfig struct {
	// Logger receives one record per request. Nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
}

// AccessLog writes one log record per request, at level Info (Error for a
// 5xx), with the attributes method, path, status, bytes, duration,
// request_id and, when a view's error was rendered through
// httpx.RenderError, error. Place it inside [RequestID] so that the id is
// known, and outside [Recover] so that a panic's 500 is logged too.
func AccessLog(cfg AccessLogConfig) func(http.Handler) http.Handler {
	// The clock gives the time since an origin: with time.Now, the
	// monotonic clock alone (time.Since reads one clock, time.Now two).
	clock := monotonic
	if now := cfg.Now; now != nil {
		origin := now()
		clock = func() time.Duration { return now().Sub(origin) }
	}
	return func(next http.Handler) http.Handler {
		return &accessLog{next: next, logger: cfg.Logger, clock: clock}
	}
}

type accessLog struct {
	next   http.Handler
	logger *slog.Logger
	clock  func() time.Duration
}

func (h *accessLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logger := h.logger
	if logger == nil {
		logger = slog.Default()
	}
	if !logger.Enabled(r.Context(), slog.LevelError) {
		h.next.ServeHTTP(w, r)
		return
	}
	start := h.clock()
	rec, r, rendered := h.begin(w, r)
	h.next.ServeHTTP(rec, r)
	h.log(logger, rec, r, start, rendered)
}

// begin returns the recorder and the request that record the response
// and the rendered error. With only errors logged, the recorder still
// tells a 5xx; with the request's record, neither it nor the error slot
// costs an allocation. rendered is nil when the record keeps the error.
//
//go:noinline
func (h *accessLog) begin(w http.ResponseWriter, r *http.Request) (*recorder, *http.Request, func() error) {
	rec := recorderFor(w, r)
	if sc := httpx.ScopeFrom(r.Context()); sc != nil {
		sc.RecordErrors()
		return rec, r, nil
	}
	ctx, rendered := httpx.RecordErrors(r.Context())
	return rec, r.WithContext(ctx), rendered
}

// log writes the request's record.
//
//go:noinline
func (h *accessLog) log(logger *slog.Logger, rec *recorder, r *http.Request, start time.Duration, rendered func() error) {
	ctx := r.Context()
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !logger.Enabled(ctx, level) {
		return
	}
	attrs := [8]slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", h.clock()-start),
		slog.String("request_id", httpx.RequestID(ctx)),
	}
	n := 6
	var err error
	if rendered != nil {
		err = rendered()
	} else if sc := httpx.ScopeFrom(ctx); sc != nil {
		err = sc.RenderedError()
	}
	if err != nil {
		attrs[n] = slog.String("error", err.Error())
		n++
	}
	logger.LogAttrs(ctx, level, "request", attrs[:n]...)
}

// monotonicOrigin is the origin of [monotonic].
var monotonicOrigin = time.Now()

// monotonic returns the monotonic time since monotonicOrigin.
func monotonic() time.Duration { return time.Since(monotonicOrigin) }
