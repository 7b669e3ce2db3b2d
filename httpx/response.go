package httpx

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HTML writes body as text/html with the given status.
func HTML(w http.ResponseWriter, status int, body string) error {
	return write(w, status, htmlContentType, body)
}

// Text writes body as text/plain with the given status.
func Text(w http.ResponseWriter, status int, body string) error {
	return write(w, status, textContentType, body)
}

// AutoContentLength is the largest body to which net/http's server adds
// the Content-Length header itself: a handler that writes no more than
// this (the server's response buffer) and returns without flushing gets
// the header written from the buffer's length (documented at
// http.ResponseWriter.Write: "under a few KB").
const AutoContentLength = 2048

// SetContentLength declares in h the length n of a body about to be
// written whole, when n is larger than [AutoContentLength] (so that the
// response is not sent chunked) or 0 (net/http would leave it out of the
// answer to a HEAD request); a small body's length is left to
// net/http, which writes it without a header map entry (each entry costs
// a copy, a sort and a write per response). A Content-Length already in h
// is replaced or, for a small body, dropped. Behind a ResponseWriter that
// is not net/http's server (httptest.ResponseRecorder), a small body has
// no Content-Length.
func SetContentLength(h http.Header, n int) {
	if n > AutoContentLength || n == 0 {
		h["Content-Length"] = []string{strconv.Itoa(n)}
		return
	}
	delete(h, "Content-Length")
}

// Shared Content-Type values (see jsonContentType).
var (
	htmlContentType = []string{"text/html; charset=utf-8"}
	textContentType = []string{"text/plain; charset=utf-8"}
)

func write(w http.ResponseWriter, status int, ctype []string, body string) error {
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h["Content-Type"] = ctype
	}
	SetContentLength(h, len(body))
	w.WriteHeader(status)
	if _, err := io.WriteString(w, body); err != nil {
		return fmt.Errorf("write response: %w", err)
	}
	return nil
}

// JSON writes v encoded as JSON with the given status. HTML-sensitive
// characters are escaped, so the output is safe to embed.
func JSON(w http.ResponseWriter, status int, v any) error {
	je := jsonEncoders.Get().(*jsonEncoder)
	defer je.release()
	if err := je.enc.Encode(v); err != nil {
		return fmt.Errorf("encode json response: %w", err)
	}
	b := je.buf.Bytes()
	b = b[:len(b)-1] // Encode's newline
	h := w.Header()
	h["Content-Type"] = jsonContentType
	SetContentLength(h, len(b))
	w.WriteHeader(status)
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write response: %w", err)
	}
	return nil
}

// jsonContentType is shared by every JSON response: net/http copies header
// values when it clones a header, and Header.Add appends to this full slice
// into a new array.
var jsonContentType = []string{"application/json"}

// jsonEncoder is a pooled encoder with the buffer it writes into, so that
// a response costs no allocation for its encoding (json.Marshal returns a
// new slice each time).
type jsonEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonEncoders = sync.Pool{New: func() any {
	je := new(jsonEncoder)
	je.enc = json.NewEncoder(&je.buf)
	return je
}}

func (je *jsonEncoder) release() {
	if je.buf.Cap() > 64<<10 { // don't keep huge documents alive
		return
	}
	je.buf.Reset()
	jsonEncoders.Put(je)
}

// ErrUnsafeRedirect is returned by [Redirect] for a URL it refuses to send:
// one with a scheme other than http or https, or with control characters.
var ErrUnsafeRedirect = errors.New("unsafe redirect url")

// Redirect answers with a redirect to url: 302 by default, or status when it
// is one of 301, 302, 303, 307 and 308. Like Django's HttpResponseRedirect it
// refuses URLs whose scheme is not http, https or empty.
func Redirect(w http.ResponseWriter, r *http.Request, url string, status ...int) error {
	code := http.StatusFound
	if len(status) > 0 {
		switch status[0] {
		case 301, 302, 303, 307, 308:
			code = status[0]
		default:
			return fmt.Errorf("redirect with status %d: not a redirect status", status[0])
		}
	}
	if strings.ContainsAny(url, "\r\n\x00") {
		return fmt.Errorf("redirect to %q: %w", url, ErrUnsafeRedirect)
	}
	if i := strings.IndexByte(url, ':'); i > 0 && !strings.ContainsAny(url[:i], "/?#") {
		scheme := strings.ToLower(url[:i])
		if scheme != "http" && scheme != "https" {
			return fmt.Errorf("redirect to %q: %w", url, ErrUnsafeRedirect)
		}
	}
	http.Redirect(w, r, url, code)
	return nil
}

// File serves the named file from fsys with Range and conditional-GET
// support. A missing file is a 404.
func File(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
			return Wrap(http.StatusNotFound, "", err)
		}
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", name, err)
	}
	if st.IsDir() {
		return NotFound("")
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		rs = strings.NewReader(string(b))
	}
	http.ServeContent(w, r, st.Name(), st.ModTime(), rs)
	return nil
}

// Attachment sets Content-Disposition so that browsers save the response
// under filename.
func Attachment(w http.ResponseWriter, filename string) {
	quoted := strings.Map(func(r rune) rune {
		// Quotes and backslashes would end or escape the quoted string;
		// control characters have no place in a header field.
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, filename)
	w.Header().Set("Content-Disposition", "attachment; filename=\""+quoted+"\"; filename*=UTF-8''"+urlPathEscape(filename))
}

func urlPathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Stream writes a streaming response: fn writes the body through a buffered
// writer that is flushed to the client after each call of flush, and at the
// end.
func Stream(w http.ResponseWriter, status int, contentType string, fn func(w io.Writer, flush func() error) error) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Del("Content-Length")
	w.WriteHeader(status)
	bw := bufio.NewWriter(w)
	rc := http.NewResponseController(w)
	flush := func() error {
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		return nil
	}
	if err := fn(bw, flush); err != nil {
		return fmt.Errorf("stream response: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("stream response: %w", err)
	}
	return nil
}

// NotModified implements conditional GET for a view that knows its
// resource's validators: it sets ETag and Last-Modified (when given) and, if
// the request's preconditions say the client's copy is current, answers 304
// and returns true. The view then writes nothing more. A failed
// If-Match/If-Unmodified-Since answers 412 and also returns true.
func NotModified(w http.ResponseWriter, r *http.Request, etag string, lastModified time.Time) bool {
	h := w.Header()
	if etag != "" {
		if !strings.HasPrefix(etag, "\"") && !strings.HasPrefix(etag, "W/\"") {
			etag = strconv.Quote(etag)
		}
		h.Set("ETag", etag)
	}
	if !lastModified.IsZero() {
		h.Set("Last-Modified", lastModified.UTC().Format(http.TimeFormat))
	}
	switch EvaluatePreconditions(r, etag, lastModified) {
	case http.StatusNotModified:
		h.Del("Content-Type")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return true
	case http.StatusPreconditionFailed:
		w.WriteHeader(http.StatusPreconditionFailed)
		return true
	}
	return false
}

// EvaluatePreconditions applies RFC 9110's precedence of If-Match,
// If-Unmodified-Since, If-None-Match and If-Modified-Since, as Django's
// get_conditional_response does. It returns 304, 412, or 0 when the request
// should be served normally.
func EvaluatePreconditions(r *http.Request, etag string, lastModified time.Time) int {
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	lm := lastModified.UTC().Truncate(time.Second)
	if im := r.Header.Get("If-Match"); im != "" {
		if !etagMatches(im, etag, false) {
			return http.StatusPreconditionFailed
		}
	} else if ius := r.Header.Get("If-Unmodified-Since"); ius != "" && !lastModified.IsZero() {
		if t, err := http.ParseTime(ius); err == nil && lm.After(t) {
			return http.StatusPreconditionFailed
		}
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatches(inm, etag, true) {
			if safe {
				return http.StatusNotModified
			}
			return http.StatusPreconditionFailed
		}
		return 0
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && safe && !lastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lm.After(t) {
			return http.StatusNotModified
		}
	}
	return 0
}

// etagMatches reports whether the header's list of entity tags matches etag,
// using weak comparison when weak is set and strong comparison otherwise.
func etagMatches(header, etag string, weak bool) bool {
	if strings.TrimSpace(header) == "*" {
		return etag != ""
	}
	if etag == "" {
		return false
	}
	norm := func(t string) (string, bool) {
		t = strings.TrimSpace(t)
		isWeak := strings.HasPrefix(t, "W/")
		return strings.TrimPrefix(t, "W/"), isWeak
	}
	want, wantWeak := norm(etag)
	for _, part := range strings.Split(header, ",") {
		got, gotWeak := norm(part)
		if got == "" || got != want {
			continue
		}
		if weak || (!gotWeak && !wantWeak) {
			return true
		}
	}
	return false
}
