package deadline_test

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/deadline"
)

// server starts srv on a deadline.Listener (precision 10ms), over TLS when
// tls is set, and returns its address and the client to use.
func server(t *testing.T, srv *http.Server, useTLS bool) (string, *http.Client) {
	t.Helper()
	ts := httptest.NewUnstartedServer(srv.Handler)
	ts.Config.ReadHeaderTimeout = srv.ReadHeaderTimeout
	ts.Config.ReadTimeout = srv.ReadTimeout
	ts.Config.WriteTimeout = srv.WriteTimeout
	ts.Config.IdleTimeout = srv.IdleTimeout
	ts.Listener = deadline.NewListener(ts.Listener, 10*time.Millisecond)
	if useTLS {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	return ts.Listener.Addr().String(), ts.Client()
}

func hello(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	fmt.Fprint(w, "hello")
}

// dial opens a raw connection to addr, over TLS when useTLS is set.
func dial(t *testing.T, addr string, useTLS bool) net.Conn {
	t.Helper()
	var c net.Conn
	var err error
	if useTLS {
		c, err = tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	} else {
		c, err = net.Dial("tcp", addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedAfter reads c until the server closes it and returns how long that
// took; it fails the test if the server has not closed it in 5s.
func closedAfter(t *testing.T, c net.Conn, start time.Time) time.Duration {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := io.Copy(io.Discard, c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal("the server kept the connection open for 5s")
	}
	return time.Since(start)
}

func within(t *testing.T, what string, took, timeout time.Duration) {
	t.Helper()
	if took < timeout {
		t.Errorf("%s: closed after %v, before its timeout %v", what, took, timeout)
	}
	if took > timeout+time.Second {
		t.Errorf("%s: closed after %v, more than a second after its timeout %v", what, took, timeout)
	}
}

// The server's timeouts hold on a deadline.Listener, over TCP and TLS:
// slow headers, a slow body, an idle keep-alive connection and a slow
// handler are cut off no earlier than their timeout and less than a second
// after it (reliability test R5), while keep-alive requests go on.
func TestServerTimeouts(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		t.Run(fmt.Sprintf("tls=%v", useTLS), func(t *testing.T) {
			srv := &http.Server{
				Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/slow" {
						time.Sleep(400 * time.Millisecond)
					}
					hello(w, r)
				}),
				ReadHeaderTimeout: 150 * time.Millisecond,
				ReadTimeout:       300 * time.Millisecond,
				WriteTimeout:      250 * time.Millisecond,
				IdleTimeout:       200 * time.Millisecond,
			}
			addr, client := server(t, srv, useTLS)

			t.Run("keep-alive", func(t *testing.T) {
				for i := range 50 {
					resp, err := client.Get("https://" + addr + "/")
					if !useTLS {
						resp, err = client.Get("http://" + addr + "/")
					}
					if err != nil {
						t.Fatalf("request %d: %v", i, err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if string(b) != "hello" {
						t.Fatalf("request %d: body %q", i, b)
					}
				}
			})
			// Each clock starts before the server can have started its own.
			t.Run("slow headers", func(t *testing.T) {
				start := time.Now()
				c := dial(t, addr, useTLS)
				fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n")
				within(t, "slow headers", closedAfter(t, c, start), srv.ReadHeaderTimeout)
			})
			t.Run("slow body", func(t *testing.T) {
				start := time.Now()
				c := dial(t, addr, useTLS)
				fmt.Fprint(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
				within(t, "slow body", closedAfter(t, c, start), srv.ReadTimeout)
			})
			t.Run("idle", func(t *testing.T) {
				c := dial(t, addr, useTLS)
				start := time.Now() // the idle time starts after the response
				fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
				br := bufio.NewReader(c)
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				c.SetReadDeadline(time.Now().Add(5 * time.Second))
				_, err = io.Copy(io.Discard, br)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatal("the server kept the idle connection open for 5s")
				}
				within(t, "idle", time.Since(start), srv.IdleTimeout)
			})
			t.Run("slow handler", func(t *testing.T) {
				c := dial(t, addr, useTLS)
				fmt.Fprint(c, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
				c.SetReadDeadline(time.Now().Add(5 * time.Second))
				b, err := io.ReadAll(c)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatal("no answer in 5s")
				}
				if strings.Contains(string(b), "hello") {
					t.Fatalf("a response written after WriteTimeout reached the client: %q", b)
				}
			})
		})
	}
}

// BenchmarkKeepAlive is a small GET answered over one keep-alive loopback
// connection by an http.Server with all four timeouts, on a plain
// listener and on a deadline.Listener: the cost of net/http moving the
// deadlines on every request.
func BenchmarkKeepAlive(b *testing.B) {
	for _, wrap := range []bool{false, true} {
		b.Run(fmt.Sprintf("deadline=%v", wrap), func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			srv := &http.Server{
				Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/plain")
					w.Write([]byte("hello"))
				}),
				ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
				WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
			}
			var l net.Listener = ln
			if wrap {
				l = deadline.NewListener(ln, 500*time.Millisecond)
			}
			go srv.Serve(l)
			defer srv.Close()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			req := []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			buf := make([]byte, 4096)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := c.Write(req); err != nil {
					b.Fatal(err)
				}
				n, err := c.Read(buf)
				if err != nil || !strings.HasSuffix(string(buf[:n]), "hello") {
					b.Fatalf("read %q, %v", buf[:n], err)
				}
			}
		})
	}
}

// A TLS listener's connections are served as *tls.Conn, which net/http
// needs for TLS (the handshake, ALPN, Request.TLS): a deadline.Listener
// over a TLS listener hands them out unwrapped.
func TestTLSListenerConnectionsStayTLS(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			http.Error(w, "no TLS", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "tls")
	}))
	ts.StartTLS() // for its certificate and client
	ts.Config.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: ts.Config.Handler, ReadHeaderTimeout: time.Second}
	go srv.Serve(deadline.NewListener(tls.NewListener(ln, ts.TLS), 10*time.Millisecond))
	defer srv.Close()
	resp, err := ts.Client().Get("https://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "tls" {
		t.Fatalf("%d %q", resp.StatusCode, b)
	}
}
