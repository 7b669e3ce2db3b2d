package middleware

import (
	"crypto/rand"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/djinn-go/djinn/httpx"
)

// RequestIDConfig configures [RequestID]. The zero value generates an id
// for every request, ignores the client's and keeps the id out of the
// response (Django sends no such header).
type RequestIDConfig struct {
	// Header is the request header TrustIncoming reads and the response
	// header Echo sets; "" means X-Request-ID.
	Header string
	// Echo sets the id in the response's Header too, so that a client can
	// quote it. Off by default: every header costs each response about 2k
	// instructions in net/http (docs/performance.md), and log records and
	// error pages carry the id anyway.
	Echo bool
	// TrustIncoming takes the id from the request's header when it is
	// sane (1 to 128 characters among letters, digits and "-_.:+=/"). Turn it
	// on only behind a proxy that sets or strips that header.
	TrustIncoming bool
	// Generate makes a new id; nil means [NewRequestID]'s 26 base32
	// characters.
	Generate func() string
}

// RequestID gives each request an id: it stores it in the request's context
// (in its [httpx.Scope] when there is one, else with httpx.WithRequestID;
// read it back with httpx.RequestID), so that log records and error pages
// name it, and, with Echo, sets it in the response header.
func RequestID(cfg RequestIDConfig) func(http.Handler) http.Handler {
	header := http.CanonicalHeaderKey(cfg.Header)
	if header == "" {
		header = "X-Request-Id"
	}
	gen := cfg.Generate
	if gen == nil {
		gen = NewRequestID
	}
	return func(next http.Handler) http.Handler {
		return &requestID{next: next, header: header, echo: cfg.Echo, trust: cfg.TrustIncoming, gen: gen}
	}
}

type requestID struct {
	next   http.Handler
	header string
	echo   bool
	trust  bool
	gen    func() string
}

func (h *requestID) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.next.ServeHTTP(w, h.start(w, r))
}

// start gives r its id and returns the request to pass on.
//
//go:noinline
func (h *requestID) start(w http.ResponseWriter, r *http.Request) *http.Request {
	id := ""
	if h.trust {
		if v := r.Header[h.header]; len(v) == 1 && saneRequestID(v[0]) {
			id = v[0]
		}
	}
	if id == "" {
		id = h.gen()
	}
	// Start the record the later middlewares share, in the same request
	// copy.
	st, r := requestState(r)
	switch {
	case st.idValue[0] == "":
		st.idValue[0] = id
		if h.echo {
			w.Header()[h.header] = st.idValue[:]
		}
	case h.echo || w.Header()[h.header] != nil:
		// A second RequestID in the chain: its id is the request's now,
		// so an outer one's echo under the same name must not keep the
		// old one.
		w.Header()[h.header] = []string{id}
	}
	if sc := httpx.ScopeFrom(r.Context()); sc != nil {
		sc.SetRequestID(id)
	} else {
		r = r.WithContext(httpx.WithRequestID(r.Context(), id))
	}
	return r
}

// requestIDs numbers the ids of [NewRequestID]; requestIDPrefix is their
// random first part.
var (
	requestIDs      atomic.Uint64
	requestIDPrefix = sync.OnceValue(func() string { return rand.Text()[:16] })
)

// base32 is crypto/rand.Text's alphabet (RFC 4648).
const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// NewRequestID returns the default request id: 26 base32 characters, 16
// drawn from crypto/rand once per process (80 bits) followed by 10 that
// count the ids made (50 bits). Ids are unique for the lifetime of the
// process (2^50 requests), and across processes but for a 2^-80 chance; they
// are not secret and not unpredictable: never use one as a token.
func NewRequestID() string {
	var b [26]byte
	copy(b[:16], requestIDPrefix())
	n := requestIDs.Add(1)
	for i := len(b) - 1; i >= 16; i-- {
		b[i] = base32[n&31]
		n >>= 5
	}
	return string(b[:])
}

// saneRequestID reports whether an incoming id is safe to log and echo.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '+', c == '=', c == '/':
		default:
			return false
		}
	}
	return true
}
