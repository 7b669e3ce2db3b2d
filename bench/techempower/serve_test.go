package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/djinn-go/djinn"
)

// BenchmarkServe runs /json through net/http's whole server — request
// parsing, the handler, header cloning, sorting and writing, keep-alive —
// on an in-memory connection that replays one pipelined request b.N
// times: the CPU cost per request without system calls, scheduling or a
// load generator, so that stacks can be compared on a noisy machine. Raw
// is go-raw's handler (the harness's ceiling); the Djinn stacks run
// behind djinn.NewServer (its timeouts are no-ops on this connection:
// their system-call cost is not measured here).
func BenchmarkServe(b *testing.B) {
	b.Run("handler=raw", func(b *testing.B) {
		h := rawJSON()
		benchServe(b, func() *http.Server { return &http.Server{Handler: h} })
	})
	for _, stack := range []string{stackBare, stackProduction, stackFull} {
		b.Run("stack="+stack, func(b *testing.B) {
			app := newApp(settings("postgres://bench:bench@127.0.0.1:1/none"))
			h, err := handler(app, routes(nil, false), stack)
			if err != nil {
				b.Fatal(err)
			}
			benchServe(b, func() *http.Server { return djinn.NewServer(app.Settings, h, nil) })
		})
	}
}

// rawJSON is go-raw's /json handler.
func rawJSON() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		body, err := json.Marshal(struct {
			Message string `json:"message"`
		}{"Hello, World!"})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Server", "go-raw")
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
	return mux
}

const benchRequest = "GET /json HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n"

func benchServe(b *testing.B, srv func() *http.Server) {
	b.Helper()
	// Check one response first.
	c := newReplayConn(benchRequest, 1)
	if err := serveConn(srv(), c); err != nil {
		b.Fatal(err)
	}
	if !bytes.HasPrefix(c.out.Bytes(), []byte("HTTP/1.1 200 OK\r\n")) || !bytes.HasSuffix(c.out.Bytes(), []byte(`{"message":"Hello, World!"}`)) {
		b.Fatalf("response:\n%s", c.out.Bytes())
	}
	b.ReportAllocs()
	b.ResetTimer()
	c = newReplayConn(benchRequest, b.N)
	c.discard = true
	if err := serveConn(srv(), c); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if c.responses != b.N {
		b.Fatalf("%d responses for %d requests", c.responses, b.N)
	}
}

// serveConn serves the one connection c until the client side is done.
func serveConn(s *http.Server, c *replayConn) error {
	ln := &oneConnListener{conn: c, done: make(chan struct{})}
	s.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateClosed {
			close(ln.done)
		}
	}
	err := s.Serve(ln)
	if errors.Is(err, errListenerDone) {
		return nil
	}
	return err
}

var errListenerDone = errors.New("listener done")

// oneConnListener hands out its connection once, then blocks until the
// connection is closed.
type oneConnListener struct {
	conn net.Conn
	once sync.Once
	done chan struct{}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	var c net.Conn
	l.once.Do(func() { c = l.conn })
	if c != nil {
		return c, nil
	}
	<-l.done
	return nil, errListenerDone
}

func (l *oneConnListener) Close() error   { return nil }
func (l *oneConnListener) Addr() net.Addr { return fakeAddr{} }

type fakeAddr struct{}

func (fakeAddr) Network() string { return "tcp" }
func (fakeAddr) String() string  { return "127.0.0.1:1" }

// replayConn reads as n copies of one request, then EOF; it counts the
// responses written (by their status lines) and keeps them unless discard.
type replayConn struct {
	req       string
	left      int
	pos       int
	discard   bool
	out       bytes.Buffer
	responses int
}

func newReplayConn(req string, n int) *replayConn { return &replayConn{req: req, left: n} }

func (c *replayConn) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && c.left > 0 {
		k := copy(p[n:], c.req[c.pos:])
		n += k
		c.pos += k
		if c.pos == len(c.req) {
			c.pos = 0
			c.left--
		}
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

var statusLine = []byte("HTTP/1.1 ")

func (c *replayConn) Write(p []byte) (int, error) {
	c.responses += bytes.Count(p, statusLine)
	if !c.discard {
		c.out.Write(p)
	}
	return len(p), nil
}

func (c *replayConn) Close() error                     { return nil }
func (c *replayConn) LocalAddr() net.Addr              { return fakeAddr{} }
func (c *replayConn) RemoteAddr() net.Addr             { return fakeAddr{} }
func (c *replayConn) SetDeadline(time.Time) error      { return nil }
func (c *replayConn) SetReadDeadline(time.Time) error  { return nil }
func (c *replayConn) SetWriteDeadline(time.Time) error { return nil }
