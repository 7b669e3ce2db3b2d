// Package deadline makes the read and write deadlines of a listener's
// connections cheap to set.
//
// net/http moves a connection's deadlines five or six times per request
// when its server has timeouts (ReadHeaderTimeout, ReadTimeout,
// WriteTimeout, IdleTimeout): each move re-arms a runtime timer for the
// socket, and on a loaded server that costs about a tenth of the
// throughput of a small response. A [Listener] from [NewListener] hands
// out connections that only record a deadline that is further away than
// twice the listener's precision; one goroutine per listener looks at the
// recorded deadlines every precision interval and enforces those that are
// due by setting them on the socket. A deadline that is already past or
// nearer than that (net/http's way of interrupting a blocked read, a
// handler's short deadline) is set on the socket at once, as without the
// listener.
//
// The price is that a far deadline may fire up to one precision interval
// late (more when the process is starved of CPU); it never fires early: a
// read or write that the socket's deadline interrupted although the
// recorded one has moved on is retried, invisibly to the caller. A
// deadline without a monotonic clock reading (from time.Unix, or
// t.Round(0)) is taken relative to the wall clock when it is set, as net
// does.
//
// Only plain sockets (*net.TCPConn, *net.UnixConn) are wrapped; any other
// connection the listener returns — a *tls.Conn from a TLS listener, which
// net/http must see as such — is handed out as it is. Code that needs the
// socket itself (a type assertion to *net.TCPConn in ConnContext, socket
// options on a hijacked connection) gets it from [Conn.NetConn].
package deadline

import (
	"errors"
	"io"
	"io/fs"
	"math"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"weak"
)

// never is the recorded value of "no deadline".
const never = math.MaxInt64

// Listener wraps a net.Listener; its Accept returns *Conn. Create it with
// [NewListener].
type Listener struct {
	net.Listener
	precision int64     // nanoseconds
	base      time.Time // the origin of the recorded deadlines (monotonic)
	coarse    atomic.Int64

	mu sync.Mutex
	// conns are the open connections, held weakly: one that its owner
	// drops without closing (a hijacked connection, say) is still
	// collected, and its socket closed by the runtime, as without the
	// listener.
	conns   map[weak.Pointer[Conn]]struct{}
	running bool // the enforcing goroutine runs while conns is not empty
}

// NewListener returns ln with cheap deadlines on the connections it
// accepts. A deadline further away than twice precision is enforced within
// precision of when it falls due; a nearer one exactly. A precision of
// zero or less is one second, one over an hour is an hour.
func NewListener(ln net.Listener, precision time.Duration) *Listener {
	if precision <= 0 {
		precision = time.Second
	}
	precision = min(precision, time.Hour)
	return &Listener{
		Listener:  ln,
		precision: int64(precision),
		base:      time.Now(),
		conns:     make(map[weak.Pointer[Conn]]struct{}),
	}
}

// Precision returns the interval at which recorded deadlines are checked.
func (l *Listener) Precision() time.Duration { return time.Duration(l.precision) }

// Accept waits for the next connection and returns it as a *Conn when it
// is a plain socket, as it is otherwise.
func (l *Listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	switch nc.(type) {
	case *net.TCPConn, *net.UnixConn:
	default:
		// Not a plain socket (a *tls.Conn from a TLS listener, which net/http
		// must see as such; a connection with its own deadline semantics):
		// left alone.
		return nc, nil
	}
	c := &Conn{Conn: nc, l: l}
	c.r.init()
	c.w.init()
	c.self = weak.Make(c)
	l.mu.Lock()
	l.conns[c.self] = struct{}{}
	if !l.running {
		l.running = true
		l.coarse.Store(l.now())
		go l.enforce()
	}
	l.mu.Unlock()
	return c, nil
}

// now is the time in nanoseconds since l.base, on the monotonic clock.
func (l *Listener) now() int64 { return int64(time.Since(l.base)) }

// near reports whether the deadline v (nanoseconds since l.base) is past
// or due within the next two precision intervals, as far as the last
// check's clock knows.
func (l *Listener) near(v int64) bool { return v <= l.coarse.Load()+2*l.precision }

// enforce runs while the listener has connections: every precision
// interval it sets on the socket each recorded deadline that has fallen
// due.
func (l *Listener) enforce() {
	tick := time.NewTicker(time.Duration(l.precision))
	defer tick.Stop()
	var conns, gone []weak.Pointer[Conn]
	for range tick.C {
		l.mu.Lock()
		for _, wp := range gone {
			delete(l.conns, wp)
		}
		gone = gone[:0]
		if len(l.conns) == 0 {
			l.running = false
			l.mu.Unlock()
			return
		}
		for wp := range l.conns {
			conns = append(conns, wp)
		}
		l.mu.Unlock()
		now := l.now()
		l.coarse.Store(now)
		for _, wp := range conns {
			c := wp.Value()
			if c == nil { // dropped without Close and collected
				gone = append(gone, wp)
				continue
			}
			c.expire(&c.r, now)
			c.expire(&c.w, now)
		}
		conns = conns[:0]
	}
}

// Conn is a connection accepted by a [Listener]. Its deadline setters
// record the deadline; see the package documentation.
type Conn struct {
	net.Conn
	l     *Listener
	self  weak.Pointer[Conn] // its key in l.conns
	r, w  side
	close sync.Once
}

// side is one direction's deadline: the one the caller asked for and the
// one set on the socket.
type side struct {
	want  atomic.Int64 // nanoseconds since Listener.base; never for none
	mu    sync.Mutex   // serialises changes of the socket's deadline
	armed atomic.Int64 // the socket's deadline (written under mu)
}

func (s *side) init() {
	s.want.Store(never)
	s.armed.Store(never)
}

// set records t as the deadline of the side s (c.r or c.w) and sets it on
// the socket when it is near; a far one is left to the enforcing
// goroutine. A socket deadline that would fire soon for a deadline no
// longer wanted is cleared, so that it does not interrupt the next read
// or write for nothing.
func (c *Conn) set(s *side, t time.Time) error {
	l := c.l
	v := int64(never)
	if !t.IsZero() {
		if t == t.Round(0) { // no monotonic reading: as net does, relative to now
			now := time.Now()
			a, b := int64(now.Sub(l.base)), int64(t.Sub(now))
			v = a + b
			if b > 0 && v < a {
				v = never
			}
		} else {
			v = int64(t.Sub(l.base))
		}
	}
	s.want.Store(v)
	if l.near(v) {
		s.mu.Lock()
		var err error
		if s.want.Load() == v { // else a later call recorded another deadline
			s.armed.Store(v)
			err = c.apply(s, t)
		}
		s.mu.Unlock()
		return err
	}
	if a := s.armed.Load(); a == never || !l.near(a) {
		return nil
	}
	s.mu.Lock()
	var err error
	if s.want.Load() == v && s.armed.Load() != never {
		s.armed.Store(never)
		err = c.apply(s, time.Time{})
	}
	s.mu.Unlock()
	return err
}

// apply sets t as the socket's deadline for the side s.
func (c *Conn) apply(s *side, t time.Time) error {
	if s == &c.r {
		return c.Conn.SetReadDeadline(t)
	}
	return c.Conn.SetWriteDeadline(t)
}

// expire sets the recorded deadline on the socket if it has fallen due
// by now and is not set there yet.
func (c *Conn) expire(s *side, now int64) {
	if v := s.want.Load(); v > now || v == s.armed.Load() {
		return
	}
	s.mu.Lock()
	if v := s.want.Load(); v <= now && v != s.armed.Load() {
		s.armed.Store(v)
		_ = c.apply(s, c.l.base.Add(time.Duration(v))) // a closed socket's error is the next read's
	}
	s.mu.Unlock()
}

// spurious is called after the socket's deadline interrupted a read or
// write. It reports whether the recorded deadline is in fact later (or
// gone), in which case it moves the socket's deadline there and the
// operation must be retried.
func (c *Conn) spurious(s *side) bool {
	l := c.l
	now := l.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.want.Load()
	if v <= now {
		return false
	}
	var err error
	if l.near(v) || v-now <= 2*l.precision {
		s.armed.Store(v)
		err = c.apply(s, l.base.Add(time.Duration(v)))
	} else {
		s.armed.Store(never)
		err = c.apply(s, time.Time{})
	}
	return err == nil
}

func timedOut(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// Read reads from the connection; a read interrupted by a deadline that
// has since moved is resumed.
func (c *Conn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if err == nil || !timedOut(err) {
			return n, err
		}
		again := c.spurious(&c.r)
		if n > 0 {
			if again {
				err = nil
			}
			return n, err
		}
		if !again {
			return n, err
		}
	}
}

// Write writes to the connection; a write interrupted by a deadline that
// has since moved goes on with the bytes not yet written.
func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	for err != nil && timedOut(err) && c.spurious(&c.w) {
		var m int
		m, err = c.Conn.Write(p[n:])
		n += m
	}
	return n, err
}

// ReadFrom copies r to the connection. A file (or a limited reader of one)
// goes to the socket's own ReadFrom (sendfile), which can resume after an
// interruption; anything else is copied through Write.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	rf, ok := c.Conn.(io.ReaderFrom)
	if !ok || !resumable(r) {
		return io.Copy(writerOnly{c}, r)
	}
	var n int64
	for {
		m, err := rf.ReadFrom(r)
		n += m
		if err == nil || !timedOut(err) || !c.spurious(&c.w) {
			return n, err
		}
	}
}

// resumable reports whether a ReadFrom of r that stopped part way leaves r
// exactly after the bytes sent: true of a regular file (sendfile moves its
// offset by what it sent; os.File.WriteTo hands over an unexported wrapper
// of the *os.File, hence the interface), not of a pipe, socket or device,
// which net copies through a buffer.
func resumable(r io.Reader) bool {
	if lr, ok := r.(*io.LimitedReader); ok {
		r = lr.R
	}
	f, ok := r.(interface {
		Stat() (fs.FileInfo, error)
		syscall.Conn
	})
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

type writerOnly struct{ io.Writer }

// SetDeadline records the read and write deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	err := c.set(&c.r, t)
	if werr := c.set(&c.w, t); err == nil {
		err = werr
	}
	return err
}

// SetReadDeadline records the read deadline.
func (c *Conn) SetReadDeadline(t time.Time) error {
	return c.set(&c.r, t)
}

// SetWriteDeadline records the write deadline.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	return c.set(&c.w, t)
}

// Close closes the connection and stops watching its deadlines.
func (c *Conn) Close() error {
	c.close.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c.self)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// CloseWrite shuts down the writing side, when the connection has one
// (net/http uses it to close a connection gracefully).
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return &net.OpError{Op: "close", Net: c.LocalAddr().Network(), Addr: c.RemoteAddr(), Err: errors.ErrUnsupported}
}

// NetConn returns the connection this one wraps (as crypto/tls.Conn's
// NetConn does).
func (c *Conn) NetConn() net.Conn { return c.Conn }
