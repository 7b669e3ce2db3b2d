package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// ErrTooManyAttempts is returned by Authenticate when the username or the
// client address has had too many failed logins recently. It says nothing
// about whether the user exists.
var ErrTooManyAttempts = errors.New("auth: too many failed login attempts")

// Limiter counts failed logins per key ("user:<name>", "ip:<addr>")
// within a sliding window. Implementations shared by several processes
// (a database, Redis) make the limit hold across them.
type Limiter interface {
	// Failures returns how many failures key has had within window.
	Failures(ctx context.Context, key string, window time.Duration) (int, error)
	// AddFailure records a failure for key now.
	AddFailure(ctx context.Context, key string) error
	// Reset forgets key's failures.
	Reset(ctx context.Context, key string) error
}

// MemoryLimiter is the in-process Limiter: failures are kept in a map of
// timestamps, pruned as they age out of the largest window seen.
type MemoryLimiter struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu     sync.Mutex
	fails  map[string][]time.Time
	window time.Duration
	adds   int
}

var _ Limiter = (*MemoryLimiter)(nil)

// NewMemoryLimiter returns an empty limiter.
func NewMemoryLimiter() *MemoryLimiter { return &MemoryLimiter{} }

func (m *MemoryLimiter) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Failures implements Limiter.
func (m *MemoryLimiter) Failures(_ context.Context, key string, window time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.window = max(m.window, window)
	cut := m.now().Add(-window)
	n := 0
	for _, t := range m.fails[key] {
		if t.After(cut) {
			n++
		}
	}
	return n, nil
}

// AddFailure implements Limiter.
func (m *MemoryLimiter) AddFailure(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fails == nil {
		m.fails = map[string][]time.Time{}
	}
	now := m.now()
	if m.window > 0 {
		m.fails[key] = prune(m.fails[key], now.Add(-m.window))
	}
	m.fails[key] = append(m.fails[key], now)
	m.adds++
	if m.window > 0 && m.adds%1024 == 0 { // sweep keys nobody touches any more
		for k, ts := range m.fails {
			if ts = prune(ts, now.Add(-m.window)); len(ts) == 0 {
				delete(m.fails, k)
			} else {
				m.fails[k] = ts
			}
		}
	}
	return nil
}

// Reset implements Limiter.
func (m *MemoryLimiter) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.fails, key)
	return nil
}

func prune(ts []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	return ts[i:]
}

func (a *AppConfig) limiterOrDefault() Limiter {
	if a.Limiter != nil {
		return a.Limiter
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.limiter == nil {
		a.limiter = &MemoryLimiter{Now: a.Now}
	}
	return a.limiter
}

// clientIP returns the address failed logins are counted under: the
// client's IPv4 address, or its IPv6 /64 network.
func (a *AppConfig) clientIP(r *http.Request) string {
	var ip string
	switch {
	case a.ClientIP != nil:
		ip = a.ClientIP(r)
	case r == nil:
		return ""
	default:
		ip = r.RemoteAddr
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			ip = host
		}
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is6() {
		if p, err := addr.Prefix(64); err == nil {
			return p.String()
		}
	}
	return addr.String()
}

func (a *AppConfig) window() time.Duration {
	if a.FailureWindow > 0 {
		return a.FailureWindow
	}
	return DefaultFailureWindow
}

// throttleKeys returns the limiter keys of a login attempt with their
// limits.
func (a *AppConfig) throttleKeys(r *http.Request, username string) map[string]int {
	keys := map[string]int{}
	userMax := a.MaxFailuresPerUser
	if userMax == 0 {
		userMax = DefaultMaxFailuresPerUser
	}
	ipMax := a.MaxFailuresPerIP
	if ipMax == 0 {
		ipMax = DefaultMaxFailuresPerIP
	}
	if userMax > 0 {
		keys["user:"+strings.ToLower(username)] = userMax
	}
	if ip := a.clientIP(r); ipMax > 0 && ip != "" {
		keys["ip:"+ip] = ipMax
	}
	return keys
}

// Authenticate asks each backend in turn for the user the credentials
// belong to (Django's authenticate) and returns nil when none accepts
// them. Failed attempts are counted per username and per client address:
// past the limits it returns ErrTooManyAttempts without checking the
// password, whether or not the user exists.
func (a *AppConfig) Authenticate(ctx context.Context, r *http.Request, username, password string) (*User, error) {
	lim := a.limiterOrDefault()
	keys := a.throttleKeys(r, username)
	for k, limit := range keys {
		n, err := lim.Failures(ctx, k, a.window())
		if err != nil {
			return nil, fmt.Errorf("auth: login limiter: %w", err)
		}
		if n >= limit {
			a.loginFailed(r, username)
			return nil, ErrTooManyAttempts
		}
	}
	for _, b := range a.backends() {
		u, err := b.Authenticate(ctx, r, username, password)
		if err != nil {
			return nil, err
		}
		if u != nil {
			a.bind(u, b.Name())
			if err := lim.Reset(ctx, "user:"+strings.ToLower(username)); err != nil {
				return nil, fmt.Errorf("auth: login limiter: %w", err)
			}
			return u, nil
		}
	}
	for k := range keys {
		if err := lim.AddFailure(ctx, k); err != nil {
			return nil, fmt.Errorf("auth: login limiter: %w", err)
		}
	}
	a.loginFailed(r, username)
	return nil, nil
}

func (a *AppConfig) loginFailed(r *http.Request, username string) {
	if a.OnLoginFailed != nil {
		a.OnLoginFailed(r, username)
	}
}
