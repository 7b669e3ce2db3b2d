package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

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
		h := rawHandler(nil)
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

// BenchmarkServeDB is BenchmarkServe's /db on PostgreSQL
// (DJINN_TEST_POSTGRES): go-raw's handler (pgxpool.QueryRow) against
// Djinn's production stack, on the same table. Its ns/op includes the
// database's round trip; cpu-ns/op is this process's CPU per request.
func BenchmarkServeDB(b *testing.B) {
	h, _ := pgApp(b, stackProduction, true)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, lastPGDSN)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	for _, target := range []string{"/db", "/queries?queries=20", "/updates?queries=20"} {
		b.Run("target="+target[1:], func(b *testing.B) {
			b.Run("handler=raw", func(b *testing.B) {
				raw := rawHandler(pool)
				benchServeRequest(b, target, `"randomNumber"`, func() *http.Server { return &http.Server{Handler: raw} })
			})
			b.Run("stack=production", func(b *testing.B) {
				s := settings("")
				benchServeRequest(b, target, `"randomNumber"`, func() *http.Server { return djinn.NewServer(s, h, nil) })
			})
		})
	}
}

// rawHandler is go-raw's server for /json and, with a pool, /db: a
// ServeMux, encoding/json and pgxpool, as in the harness.
func rawHandler(pool *pgxpool.Pool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		writeRawJSON(w, struct {
			Message string `json:"message"`
		}{"Hello, World!"})
	})
	if pool != nil {
		mux.HandleFunc("GET /db", func(w http.ResponseWriter, r *http.Request) {
			var wd World
			err := pool.QueryRow(r.Context(), "SELECT id, randomnumber FROM world WHERE id = $1", randomID()).Scan(&wd.ID, &wd.RandomNumber)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			writeRawJSON(w, wd)
		})
		mux.HandleFunc("GET /queries", func(w http.ResponseWriter, r *http.Request) {
			worlds, err := rawWorlds(r.Context(), pool, queriesParam(r))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			writeRawJSON(w, worlds)
		})
		mux.HandleFunc("GET /updates", func(w http.ResponseWriter, r *http.Request) {
			worlds, err := rawWorlds(r.Context(), pool, queriesParam(r))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			for i := range worlds {
				worlds[i].RandomNumber = randomID()
			}
			// go-raw's batch: sorted, without duplicates, one statement.
			sorted := slices.Clone(worlds)
			slices.SortFunc(sorted, func(a, b World) int { return int(a.ID - b.ID) })
			ids := make([]int32, 0, len(sorted))
			nums := make([]int32, 0, len(sorted))
			for i, wd := range sorted {
				if i > 0 && sorted[i-1].ID == wd.ID {
					nums[len(nums)-1] = wd.RandomNumber
					continue
				}
				ids = append(ids, wd.ID)
				nums = append(nums, wd.RandomNumber)
			}
			const update = "UPDATE world AS w SET randomnumber = v.r FROM (SELECT unnest($1::int[]) AS id, unnest($2::int[]) AS r) AS v WHERE w.id = v.id"
			if _, err := pool.Exec(r.Context(), update, ids, nums); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			writeRawJSON(w, worlds)
		})
	}
	return mux
}

// rawWorlds reads n random worlds with pgxpool.QueryRow, as go-raw does.
func rawWorlds(ctx context.Context, pool *pgxpool.Pool, n int) ([]World, error) {
	worlds := make([]World, n)
	for i := range worlds {
		wd := &worlds[i]
		err := pool.QueryRow(ctx, "SELECT id, randomnumber FROM world WHERE id = $1", randomID()).Scan(&wd.ID, &wd.RandomNumber)
		if err != nil {
			return nil, err
		}
	}
	return worlds, nil
}

// writeRawJSON is go-raw's writeJSON.
func writeRawJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Server", "go-raw")
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func benchServe(b *testing.B, srv func() *http.Server) {
	benchServeRequest(b, "/json", `{"message":"Hello, World!"}`, srv)
}

// benchServeRequest serves b.N pipelined GETs of target on one
// connection; the first response must be a 200 containing want. Besides
// ns/op it reports cpu-ns/op, the process's CPU time (user and system,
// GC included) per request.
func benchServeRequest(b *testing.B, target, want string, srv func() *http.Server) {
	b.Helper()
	req := "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n"
	c := newReplayConn(req, 1)
	if err := serveConn(srv(), c); err != nil {
		b.Fatal(err)
	}
	if !bytes.HasPrefix(c.out.Bytes(), []byte("HTTP/1.1 200 OK\r\n")) || !bytes.Contains(c.out.Bytes(), []byte(want)) {
		b.Fatalf("response:\n%s", c.out.Bytes())
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	b.ResetTimer()
	c = newReplayConn(req, b.N)
	c.discard = true
	if err := serveConn(srv(), c); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	if c.responses != b.N {
		b.Fatalf("%d responses for %d requests", c.responses, b.N)
	}
}

// processCPU is the process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// replayConn reads as n copies of one request, then, once n responses
// are written (a client that hung up earlier would cancel the last
// requests' contexts), EOF; it counts the responses written (by their
// status lines) and keeps them unless discard.
type replayConn struct {
	req       string
	n         int
	left      int
	pos       int
	discard   bool
	out       bytes.Buffer
	responses int
	answered  chan struct{} // closed at the n-th response

	// A read deadline in the past (net/http's way of stopping its
	// background read) fails the pending and later reads.
	mu      sync.Mutex
	expired bool
	wake    chan struct{}
}

func newReplayConn(req string, n int) *replayConn {
	return &replayConn{req: req, n: n, left: n, answered: make(chan struct{}), wake: make(chan struct{}, 1)}
}

func (c *replayConn) Read(p []byte) (int, error) {
	if c.deadlinePassed() {
		return 0, os.ErrDeadlineExceeded
	}
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
		select {
		case <-c.answered:
			return 0, io.EOF
		case <-c.wake:
			return 0, os.ErrDeadlineExceeded
		}
	}
	return n, nil
}

func (c *replayConn) deadlinePassed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.expired
}

func (c *replayConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.expired = !t.IsZero() && !t.After(time.Now())
	if c.expired {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	} else {
		select { // a wake-up nobody took is void now
		case <-c.wake:
		default:
		}
	}
	c.mu.Unlock()
	return nil
}

var statusLine = []byte("HTTP/1.1 ")

func (c *replayConn) Write(p []byte) (int, error) {
	before := c.responses
	c.responses += bytes.Count(p, statusLine)
	if before < c.n && c.responses >= c.n {
		close(c.answered)
	}
	if !c.discard {
		c.out.Write(p)
	}
	return len(p), nil
}

func (c *replayConn) Close() error                     { return nil }
func (c *replayConn) LocalAddr() net.Addr              { return fakeAddr{} }
func (c *replayConn) RemoteAddr() net.Addr             { return fakeAddr{} }
func (c *replayConn) SetDeadline(t time.Time) error    { return c.SetReadDeadline(t) }
func (c *replayConn) SetWriteDeadline(time.Time) error { return nil }
