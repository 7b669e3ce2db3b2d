package deadline

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// pair returns a connection accepted by a Listener of the given precision
// and the client's end of it.
func pair(t *testing.T, precision time.Duration) (*Listener, *Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := NewListener(ln, precision)
	t.Cleanup(func() { l.Close() })
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	nc, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c := nc.(*Conn)
	t.Cleanup(func() { c.Close() })
	return l, c, client
}

// readTimeout reads from c and returns how long it took to fail; the read
// must fail with os.ErrDeadlineExceeded.
func readTimeout(t *testing.T, c net.Conn) time.Duration {
	t.Helper()
	start := time.Now()
	// A deadline never enforced would block the read forever.
	watchdog := time.AfterFunc(10*time.Second, func() { c.Close() })
	defer watchdog.Stop()
	n, err := c.Read(make([]byte, 16))
	took := time.Since(start)
	if n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read = %d, %v; want 0, a deadline error", n, err)
	}
	return took
}

func TestFarReadDeadlineFiresWithinPrecision(t *testing.T) {
	_, c, _ := pair(t, 10*time.Millisecond)
	const d = 120 * time.Millisecond
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(d)); err != nil {
		t.Fatal(err)
	}
	if c.r.armed.Load() != never {
		t.Fatal("a far deadline was set on the socket at once")
	}
	readTimeout(t, c)
	took := time.Since(start)
	if took < d {
		t.Fatalf("deadline %v fired after %v: early", d, took)
	}
	if took > d+500*time.Millisecond { // 50 intervals: slack for a loaded machine
		t.Fatalf("deadline %v fired after %v", d, took)
	}
}

func TestPastDeadlineInterruptsABlockedReadAtOnce(t *testing.T) {
	// A precision of a minute: only the immediate path can interrupt.
	_, c, _ := pair(t, time.Minute)
	done := make(chan time.Duration)
	go func() { done <- readTimeout(t, c) }()
	time.Sleep(20 * time.Millisecond)
	if err := c.SetReadDeadline(time.Unix(1, 0)); err != nil { // net/http's abortPendingRead
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a past deadline did not interrupt the read")
	}
}

func TestNearDeadlineIsExact(t *testing.T) {
	_, c, _ := pair(t, time.Minute)
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(30 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	readTimeout(t, c)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("near deadline fired after %v", took)
	}
}

func TestMovedDeadlineDoesNotInterrupt(t *testing.T) {
	for _, next := range []struct {
		name string
		t    func() time.Time
	}{
		{"later", func() time.Time { return time.Now().Add(time.Hour) }},
		{"none", func() time.Time { return time.Time{} }},
	} {
		t.Run(next.name, func(t *testing.T) {
			_, c, client := pair(t, 10*time.Millisecond)
			// Near: set on the socket. Then moved away before it falls due.
			if err := c.SetReadDeadline(time.Now().Add(15 * time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			if err := c.SetReadDeadline(next.t()); err != nil {
				t.Fatal(err)
			}
			go func() {
				time.Sleep(150 * time.Millisecond)
				client.Write([]byte("late"))
			}()
			buf := make([]byte, 4)
			if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "late" {
				t.Fatalf("ReadFull = %q, %v", buf, err)
			}
		})
	}
}

// net/http interrupts its background read with a deadline in the past and
// then clears it: the socket's deadline is cleared too, so the next read
// does not fail first and retry.
func TestClearedPastDeadlineLeavesTheSocketClear(t *testing.T) {
	_, c, _ := pair(t, time.Minute)
	c.SetReadDeadline(time.Unix(1, 0))
	if c.r.armed.Load() == never {
		t.Fatal("a past deadline was not set on the socket")
	}
	c.SetReadDeadline(time.Time{})
	if c.r.armed.Load() != never {
		t.Fatal("the socket kept the past deadline after it was cleared")
	}
}

func TestFarDeadlineExtendedBeforeItFalls(t *testing.T) {
	_, c, client := pair(t, 10*time.Millisecond)
	c.SetReadDeadline(time.Now().Add(60 * time.Millisecond))
	c.SetReadDeadline(time.Now().Add(time.Hour))
	go func() {
		time.Sleep(200 * time.Millisecond)
		client.Write([]byte("ok"))
	}()
	buf := make([]byte, 2)
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("read after the first deadline was extended: %v", err)
	}
}

// The socket's deadline fires although the one asked for has moved (the
// enforcing goroutine armed it a moment before the caller moved it): the
// read is resumed, and so is a write, with no byte lost or repeated.
func TestStaleSocketDeadlineIsRetried(t *testing.T) {
	t.Run("read", func(t *testing.T) {
		_, c, client := pair(t, time.Minute)
		c.Conn.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		c.r.armed.Store(1)
		go func() {
			time.Sleep(100 * time.Millisecond)
			client.Write([]byte("data"))
		}()
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "data" {
			t.Fatalf("ReadFull = %q, %v", buf, err)
		}
	})
	t.Run("write", func(t *testing.T) {
		_, c, client := pair(t, time.Minute)
		payload := make([]byte, 32<<20) // more than the socket buffers hold
		for i := range payload {
			payload[i] = byte(i * 7)
		}
		staleWriteDeadline(c)
		got := readAllLater(client)
		n, err := c.Write(payload)
		if err != nil || n != len(payload) {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(payload))
		}
		c.Close()
		if b := <-got; !bytes.Equal(b, payload) {
			t.Fatalf("peer read %d bytes, not the payload", len(b))
		}
	})
}

func TestFarWriteDeadlineFires(t *testing.T) {
	_, c, _ := pair(t, 10*time.Millisecond)
	start := time.Now()
	c.SetWriteDeadline(start.Add(100 * time.Millisecond))
	n, err := c.Write(make([]byte, 64<<20)) // the peer never reads
	took := time.Since(start)
	if !errors.Is(err, os.ErrDeadlineExceeded) || n >= 64<<20 {
		t.Fatalf("Write = %d, %v; want a deadline error", n, err)
	}
	if took < 100*time.Millisecond || took > 2*time.Second {
		t.Fatalf("write deadline of 100ms fired after %v", took)
	}
}

func TestSetDeadlineSetsBoth(t *testing.T) {
	_, c, _ := pair(t, 10*time.Millisecond)
	c.SetDeadline(time.Now().Add(50 * time.Millisecond))
	readTimeout(t, c)
	if _, err := c.Write(make([]byte, 64<<20)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Write: %v; want a deadline error", err)
	}
}

func TestReadFrom(t *testing.T) {
	payload := make([]byte, 8<<20)
	for i := range payload {
		payload[i] = byte(i * 13)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, payload, 0o600); err != nil {
		t.Fatal(err)
	}
	sources := map[string]func(t *testing.T) (io.Reader, []byte){
		"file": func(t *testing.T) (io.Reader, []byte) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f, payload
		},
		"limited file": func(t *testing.T) (io.Reader, []byte) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return io.LimitReader(f, 5<<20), payload[:5<<20]
		},
		"reader": func(t *testing.T) (io.Reader, []byte) {
			return onlyReader{bytes.NewReader(payload)}, payload
		},
		// A pipe is an *os.File that sendfile refuses: net would copy it
		// through a buffer, which cannot resume, so it goes through Write.
		"pipe": func(t *testing.T) (io.Reader, []byte) {
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { pr.Close() })
			go func() { pw.Write(payload); pw.Close() }()
			return pr, payload
		},
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			_, c, client := pair(t, time.Minute)
			r, want := src(t)
			staleWriteDeadline(c)
			got := readAllLater(client)
			n, err := c.ReadFrom(r)
			if err != nil || n != int64(len(want)) {
				t.Fatalf("ReadFrom = %d, %v; want %d", n, err, len(want))
			}
			c.Close()
			if b := <-got; !bytes.Equal(b, want) {
				t.Fatalf("peer read %d bytes, not the source's %d", len(b), len(want))
			}
		})
	}
}

type onlyReader struct{ io.Reader }

// staleWriteDeadline leaves on c's socket a write deadline that fires in
// 50ms although none is wanted (as the enforcer may leave one a moment
// before the caller moves the deadline on): it fires while a write waits
// for a peer that does not read yet.
func staleWriteDeadline(c *Conn) {
	c.Conn.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
	c.w.armed.Store(1)
}

// readAllLater starts reading everything from client after 200ms; the
// channel gets it when client's peer closes.
func readAllLater(client net.Conn) <-chan []byte {
	got := make(chan []byte, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		b, _ := io.ReadAll(client)
		got <- b
	}()
	return got
}

// resumable takes regular files however they are handed over (os.File's
// WriteTo passes an unexported wrapper of the *os.File) and nothing else.
func TestResumable(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	type wrapped struct{ *os.File }
	for _, c := range []struct {
		name string
		r    io.Reader
		want bool
	}{
		{"file", f, true},
		{"limited file", io.LimitReader(f, 10), true},
		{"wrapped file", wrapped{f}, true},
		{"pipe", pr, false},
		{"limited pipe", io.LimitReader(pr, 10), false},
		{"reader", bytes.NewReader(nil), false},
	} {
		if got := resumable(c.r); got != c.want {
			t.Errorf("resumable(%s) = %v; want %v", c.name, got, c.want)
		}
	}
}

// A deadline with no monotonic reading is relative to the wall clock when
// it is set, as net takes it, even after the system clock stepped since
// the listener was made (simulated by moving the wall reading of l.base).
func TestDeadlineWithoutMonotonicReading(t *testing.T) {
	for _, tc := range []struct {
		name  string
		step  time.Duration // how far the system clock stepped since NewListener
		after time.Duration
	}{
		{"clock stepped back", -10 * time.Second, 1500 * time.Millisecond},
		{"clock stepped forward", time.Hour, 300 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			l := NewListener(ln, 10*time.Millisecond)
			defer l.Close()
			// Before the enforcer starts: wall is time.Time's first word,
			// with 33 bits of seconds from bit 30.
			w := (*uint64)(unsafe.Pointer(&l.base))
			*w = uint64(int64(*w) - int64(tc.step/time.Second)<<30)
			client, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			c, err := l.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			c.SetReadDeadline(start.Round(0).Add(tc.after))
			took := readTimeout(t, c)
			if took < tc.after-20*time.Millisecond || took > tc.after+time.Second {
				t.Fatalf("a deadline %v away fired after %v", tc.after, took)
			}
		})
	}
}

func TestPrecisionIsClamped(t *testing.T) {
	l, c, _ := pair(t, time.Duration(1<<62))
	if l.Precision() != time.Hour {
		t.Fatalf("Precision = %v; want 1h", l.Precision())
	}
	// A past deadline still counts as near.
	done := make(chan error, 1)
	go func() { _, err := c.Read(make([]byte, 1)); done <- err }()
	time.Sleep(20 * time.Millisecond)
	c.SetReadDeadline(time.Unix(1, 0))
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a past deadline did not interrupt the read")
	}
}

// A connection dropped without Close (a hijacked one its owner forgot) is
// collected and its socket closed by the runtime, as without the listener.
func TestDroppedConnectionIsCollected(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "deadline"}[wrap], func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			var l net.Listener = ln
			if wrap {
				l = NewListener(ln, 10*time.Millisecond)
			}
			client, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			func() {
				nc, err := l.Accept()
				if err != nil {
					t.Fatal(err)
				}
				nc.SetReadDeadline(time.Now().Add(time.Hour))
			}()
			client.SetReadDeadline(time.Now().Add(5 * time.Second))
			done := make(chan error)
			go func() { _, err := client.Read(make([]byte, 1)); done <- err }()
			for {
				runtime.GC()
				select {
				case err := <-done:
					if err != io.EOF {
						t.Fatalf("peer read: %v; want EOF (the dropped connection closed by the runtime)", err)
					}
					if wrap {
						waitStopped(t, l.(*Listener))
					}
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
	}
}

// Only plain sockets are wrapped.
func TestOtherConnectionsAreNotWrapped(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	l := NewListener(&oneConn{c: a}, time.Second)
	nc, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if nc != a {
		t.Fatalf("Accept = %T; want the listener's own connection", nc)
	}
}

type oneConn struct {
	net.Listener
	c net.Conn
}

func (l *oneConn) Accept() (net.Conn, error) { return l.c, nil }

// A setter keeps moving the deadline forward, a few intervals ahead (so
// that the enforcer often arms a deadline the setter is just moving),
// while an operation waits on a peer that neither writes nor reads: a
// timeout before the deadline recorded when the operation began is early,
// an operation still blocked a second after its deadline passed has lost
// it.
func TestMovingDeadlinesNeverFireEarlyNorGetLost(t *testing.T) {
	for _, dir := range []string{"read", "write"} {
		t.Run(dir, func(t *testing.T) {
			const p = time.Millisecond
			l, c, _ := pair(t, p)
			s, set := &c.r, c.SetReadDeadline
			op := func() error { _, err := c.Read(make([]byte, 1)); return err }
			if dir == "write" {
				s, set = &c.w, c.SetWriteDeadline
				c.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
				for { // fill the socket buffers
					if _, err := c.Write(make([]byte, 1<<20)); err != nil {
						break
					}
				}
				op = func() error { _, err := c.Write([]byte{0}); return err }
			}
			var mu sync.Mutex
			var last int64 // the last deadline recorded, since l.base
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					dl := time.Now().Add(2*p + time.Duration(i%5)*p/2)
					mu.Lock()
					if v := int64(dl.Sub(l.base)); v < last { // only forward
						dl = l.base.Add(time.Duration(last))
					}
					set(dl)
					last = int64(dl.Sub(l.base))
					mu.Unlock()
					time.Sleep(time.Duration(i%3) * p / 2)
				}
			}()
			var blockedSince atomic.Int64
			blockedSince.Store(-1)
			var lost atomic.Bool
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					case <-time.After(50 * time.Millisecond):
					}
					if bs := blockedSince.Load(); bs >= 0 && l.now()-bs > int64(2*time.Second) && s.want.Load() < l.now()-int64(time.Second) {
						lost.Store(true)
						c.Close()
						return
					}
				}
			}()
			timeouts := 0
			for end := time.Now().Add(1500 * time.Millisecond); time.Now().Before(end); {
				mu.Lock()
				before := last
				mu.Unlock()
				blockedSince.Store(l.now())
				err := op()
				now := l.now()
				blockedSince.Store(-1)
				if err == nil {
					continue
				}
				if !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatalf("%s: %v (a deadline lost: %v)", dir, err, lost.Load())
				}
				timeouts++
				if before > now {
					t.Fatalf("timed out at %v, before the deadline %v recorded before the %s began", time.Duration(now), time.Duration(before), dir)
				}
			}
			close(stop)
			wg.Wait()
			if timeouts == 0 {
				t.Fatal("no deadline fell due: the test tested nothing")
			}
		})
	}
}

func TestEnforcerStopsWithTheLastConnection(t *testing.T) {
	l, c, _ := pair(t, time.Millisecond)
	c.Close()
	c.Close() // twice is fine
	waitStopped(t, l)
	// A new connection starts it again.
	client, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	nc, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	nc.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	readTimeout(t, nc)
	nc.Close()
	waitStopped(t, l)
}

func waitStopped(t *testing.T, l *Listener) {
	t.Helper()
	for range 1000 {
		l.mu.Lock()
		running := l.running
		l.mu.Unlock()
		if !running {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the enforcing goroutine still runs with no connection")
}

func TestCloseWriteAndNetConn(t *testing.T) {
	_, c, client := pair(t, time.Second)
	if c.NetConn() == nil {
		t.Fatal("NetConn is nil")
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(client); err != nil || len(b) != 0 {
		t.Fatalf("after CloseWrite the peer read %q, %v; want EOF", b, err)
	}
}

func TestDefaultPrecision(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if p := NewListener(ln, 0).Precision(); p != time.Second {
		t.Fatalf("Precision = %v; want 1s", p)
	}
}

// Deadlines set from several goroutines while the connection echoes data:
// every byte arrives once and in order, and a deadline that was never in
// the past never interrupts.
func TestConcurrentDeadlinesKeepTheStream(t *testing.T) {
	_, c, client := pair(t, time.Millisecond)
	const total = 4 << 20
	payload := make([]byte, total)
	for i := range payload {
		payload[i] = byte(i * 31)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(g), 1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				var d time.Time // none, or at least a second away: never due
				if rnd.IntN(3) > 0 {
					d = time.Now().Add(time.Second + time.Duration(rnd.IntN(1000))*time.Millisecond)
				}
				if rnd.IntN(2) == 0 {
					c.SetReadDeadline(d)
				} else {
					c.SetWriteDeadline(d)
				}
				if rnd.IntN(10) == 0 {
					// a stale socket deadline, as the enforcer may leave
					c.r.mu.Lock()
					c.Conn.SetReadDeadline(time.Unix(1, 0))
					c.r.armed.Store(1)
					c.r.mu.Unlock()
				}
				time.Sleep(time.Duration(rnd.IntN(200)) * time.Microsecond)
			}
		}()
	}
	echoErr := make(chan error, 1)
	go func() { // the server echoes through the wrapped connection
		_, err := io.CopyN(c, c, total)
		echoErr <- err
	}()
	go client.Write(payload)
	got := make([]byte, total)
	_, err := io.ReadFull(client, got)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("client read: %v", err)
	}
	if err := <-echoErr; err != nil {
		t.Fatalf("echo: %v", err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatal("the echoed stream differs from what was sent")
	}
}
