package djinn_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/deadline"
)

// serveOn runs djinn.Serve for srv on a loopback listener until the test
// ends, recording the type of every connection it accepts.
func serveOn(t *testing.T, srv *http.Server) (addr string, connTypes func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var types []string
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		mu.Lock()
		types = append(types, fmt.Sprintf("%T", c))
		mu.Unlock()
		return ctx
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- djinn.Serve(ctx, srv, ln, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), types...)
	}
}

func getOnce(t *testing.T, addr string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// Serve keeps the server's timeouts on cheap deadlines (package deadline),
// and they still cut off a client that sends its headers too slowly: not
// before ReadHeaderTimeout, and less than a second after it (R5).
func TestServeEnforcesTimeoutsWithCheapDeadlines(t *testing.T) {
	s := settings()
	s.ReadHeaderTimeout = 200 * time.Millisecond
	srv := djinn.NewServer(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), nil)
	addr, types := serveOn(t, srv)
	getOnce(t, addr)
	if got := types(); len(got) != 1 || got[0] != fmt.Sprintf("%T", &deadline.Conn{}) {
		t.Fatalf("connections served as %v; want one *deadline.Conn", got)
	}

	start := time.Now() // before the server can start its clock
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.Copy(io.Discard, c)
	took := time.Since(start)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal("a client sending its headers slowly was kept for 5s")
	}
	if took < s.ReadHeaderTimeout || took > s.ReadHeaderTimeout+time.Second {
		t.Fatalf("slow headers cut off after %v; want between %v and %v", took, s.ReadHeaderTimeout, s.ReadHeaderTimeout+time.Second)
	}
}

// A server without timeouts is served on the listener as it is.
func TestServeWithoutTimeoutsLeavesConnectionsAlone(t *testing.T) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	addr, types := serveOn(t, srv)
	getOnce(t, addr)
	if got := types(); len(got) != 1 || got[0] != "*net.TCPConn" {
		t.Fatalf("connections served as %v; want one *net.TCPConn", got)
	}
}
