package middleware

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

// ConditionalConfig configures [Conditional]. The zero value is ready to
// use.
type ConditionalConfig struct {
	// MaxBufferBytes bounds the body held in memory to compute an ETag; a
	// longer response is sent as it is written, without one. 0 means 1 MiB.
	MaxBufferBytes int
}

// Conditional is Django's ConditionalGetMiddleware. For GET and HEAD
// requests, a 200 response without an ETag (and without Cache-Control:
// no-store) gets one, a hash of its body; then the request's If-None-Match,
// If-Modified-Since, If-Match and If-Unmodified-Since are checked against
// the ETag and the Last-Modified the view set (httpx.EvaluatePreconditions),
// turning the response into a 304 Not Modified or 412 Precondition Failed
// without a body.
//
// The body is buffered only when an ETag must be computed. A response whose
// handler flushes (a stream), or that outgrows MaxBufferBytes, is passed on
// as written, without a computed ETag, after its view-set validators have
// been checked. So is an encoded one (Content-Encoding set below this
// layer): put [Gzip] outside Conditional, so that the ETag is the hash of
// the content rather than of randomly padded compressed bytes.
func Conditional(cfg ConditionalConfig) func(http.Handler) http.Handler {
	limit := cfg.MaxBufferBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	pool := &sync.Pool{New: func() any { return new(bytes.Buffer) }}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			cw := &conditionalWriter{ResponseWriter: w, r: r, limit: limit, pool: pool}
			next.ServeHTTP(cw, r)
			cw.finish()
		})
	}
}

const (
	condUndecided = iota
	condBuffer
	condPass
	condDiscard
	condHijacked
)

type conditionalWriter struct {
	http.ResponseWriter
	r     *http.Request
	limit int
	pool  *sync.Pool
	mode  int
	buf   *bytes.Buffer
	etag  [1]string // backs the ETag header's value
}

var (
	_ http.ResponseWriter = (*conditionalWriter)(nil)
	_ http.Flusher        = (*conditionalWriter)(nil)
	_ http.Hijacker       = (*conditionalWriter)(nil)
)

func (w *conditionalWriter) WriteHeader(code int) {
	switch w.mode {
	case condPass, condHijacked:
		w.ResponseWriter.WriteHeader(code)
		return
	case condBuffer, condDiscard:
		return
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code) // informational
		return
	}
	if code < 200 || code > 299 {
		w.mode = condPass
		w.ResponseWriter.WriteHeader(code)
		return
	}
	h := w.Header()
	if code == http.StatusOK && h.Get("ETag") == "" && h.Get("Content-Encoding") == "" && needsETag(h) && !declaredLonger(h, w.limit) {
		w.mode = condBuffer
		w.buf = w.pool.Get().(*bytes.Buffer)
		w.buf.Reset()
		return
	}
	w.conclude(code)
}

// conclude evaluates the preconditions against the validators now in the
// header and sends the header.
func (w *conditionalWriter) conclude(code int) {
	h := w.Header()
	etag := h.Get("ETag")
	var lm time.Time
	if v := h.Get("Last-Modified"); v != "" {
		if t, err := http.ParseTime(v); err == nil {
			lm = t
		}
	}
	if etag != "" || !lm.IsZero() {
		if st := httpx.EvaluatePreconditions(w.r, etag, lm); st != 0 {
			delete(h, "Content-Type")
			delete(h, "Content-Length")
			w.mode = condDiscard
			w.ResponseWriter.WriteHeader(st)
			return
		}
	}
	w.mode = condPass
	w.ResponseWriter.WriteHeader(code)
}

func (w *conditionalWriter) Write(p []byte) (int, error) {
	if w.mode == condUndecided {
		w.WriteHeader(http.StatusOK)
	}
	switch w.mode {
	case condBuffer:
		if w.buf.Len()+len(p) <= w.limit {
			return w.buf.Write(p)
		}
		if err := w.spill(); err != nil {
			return 0, err
		}
		if w.mode == condDiscard {
			return len(p), nil
		}
	case condDiscard:
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// spill gives up on the ETag: the header goes out and what was buffered
// follows.
func (w *conditionalWriter) spill() error {
	buf := w.release()
	w.conclude(http.StatusOK)
	if w.mode == condPass && buf != nil && buf.Len() > 0 {
		_, err := w.ResponseWriter.Write(buf.Bytes())
		w.put(buf)
		return err
	}
	w.put(buf)
	return nil
}

// put returns a buffer to the pool unless it grew large.
func (w *conditionalWriter) put(buf *bytes.Buffer) {
	if buf != nil && buf.Cap() <= 64<<10 {
		w.pool.Put(buf)
	}
}

func (w *conditionalWriter) release() *bytes.Buffer {
	buf := w.buf
	w.buf = nil
	return buf
}

// FlushError marks the response as a stream: no ETag is computed.
func (w *conditionalWriter) FlushError() error {
	if w.mode == condUndecided {
		w.WriteHeader(http.StatusOK)
	}
	if w.mode == condBuffer {
		if err := w.spill(); err != nil {
			return err
		}
	}
	if w.mode == condDiscard {
		return nil
	}
	return flushUnder(w.ResponseWriter)
}

// Flush implements http.Flusher.
func (w *conditionalWriter) Flush() { _ = w.FlushError() }

// Hijack hands the connection over; nothing more is written for the
// response.
func (w *conditionalWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.put(w.release())
		w.mode = condHijacked
	}
	return c, rw, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *conditionalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *conditionalWriter) finish() {
	if w.mode == condUndecided {
		w.WriteHeader(http.StatusOK)
	}
	if w.mode != condBuffer {
		return
	}
	buf := w.release()
	defer w.put(buf)
	h := w.Header()
	if buf.Len() > 0 {
		sum := sha256.Sum256(buf.Bytes())
		var tag [34]byte // the quoted hex of the first 16 bytes
		tag[0], tag[33] = '"', '"'
		hex.Encode(tag[1:33], sum[:16])
		w.etag[0] = string(tag[:])
		h["Etag"] = w.etag[:]
		if _, ok := h["Content-Length"]; !ok {
			httpx.SetContentLength(h, buf.Len())
		}
	}
	w.conclude(http.StatusOK)
	if w.mode == condPass && buf.Len() > 0 {
		_, _ = w.ResponseWriter.Write(buf.Bytes())
	}
}

// needsETag is Django's: not for responses marked Cache-Control: no-store.
func needsETag(h http.Header) bool {
	for _, v := range h.Values("Cache-Control") {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), "no-store") {
				return false
			}
		}
	}
	return true
}

// declaredLonger reports whether the response's Content-Length exceeds
// limit.
func declaredLonger(h http.Header, limit int) bool {
	v := h.Get("Content-Length")
	if v == "" {
		return false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n > int64(limit)
}
