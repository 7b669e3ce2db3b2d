package djinn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/deadline"
)

// NewServer returns an http.Server for h with every timeout and the header
// limit taken from the settings: ReadHeaderTimeout, ReadTimeout,
// WriteTimeout, IdleTimeout and MaxHeaderBytes are all set, so slow
// clients cannot hold connections forever.
func NewServer(s *conf.Settings, h http.Handler, logger *slog.Logger) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    s.MaxHeaderBytes,
	}
	if logger != nil {
		srv.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	}
	return srv
}

// Serve serves srv on ln until ctx is done, then shuts down gracefully:
// the listener closes at once, and in-flight requests get up to drain to
// finish before their connections are closed. It returns nil after a clean
// shutdown.
//
// When srv has timeouts, ln's connections keep their deadlines cheaply
// (package deadline): a timeout fires at most a twentieth of the shortest
// timeout (and at most 500ms) late, and never early.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, drain time.Duration) error {
	if p := deadlinePrecision(srv); p > 0 {
		ln = deadline.NewListener(ln, p)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s: %w", drain, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// deadlinePrecision is how late srv's timeouts may fire: a twentieth of
// the shortest, between 1ms and 500ms; 0 when srv has none.
func deadlinePrecision(srv *http.Server) time.Duration {
	shortest := time.Duration(0)
	for _, d := range []time.Duration{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout} {
		if d > 0 && (shortest == 0 || d < shortest) {
			shortest = d
		}
	}
	if shortest == 0 {
		return 0
	}
	return min(max(shortest/20, time.Millisecond), 500*time.Millisecond)
}

// ParseAddr reads runserver's address argument as Django does: "8000",
// "0.0.0.0:8000", ":8000", "[::1]:8000" or "localhost". Missing parts come
// from def.
func ParseAddr(arg, def string) (string, error) {
	defHost, defPort, err := net.SplitHostPort(def)
	if err != nil {
		return "", fmt.Errorf("default address %q: %w", def, err)
	}
	if arg == "" {
		return def, nil
	}
	host, port := defHost, defPort
	switch {
	case allDigits(arg):
		port = arg
	case strings.HasPrefix(arg, "[") && strings.HasSuffix(arg, "]"):
		host = strings.Trim(arg, "[]")
	case strings.Count(arg, ":") == 1 || strings.HasPrefix(arg, "["):
		h, p, err := net.SplitHostPort(arg)
		if err != nil {
			return "", fmt.Errorf("%q is not a valid port number or address:port pair", arg)
		}
		host, port = h, p
		if host == "" {
			host = "0.0.0.0"
		}
	case strings.Contains(arg, ":"):
		return "", fmt.Errorf("%q is not a valid address: put IPv6 addresses in brackets", arg)
	default:
		host = arg
	}
	if !isPort(port) {
		return "", fmt.Errorf("%q is not a valid port number", port)
	}
	if strings.ContainsAny(host, "/ \t") {
		return "", fmt.Errorf("%q is not a valid host", host)
	}
	return net.JoinHostPort(host, port), nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}
