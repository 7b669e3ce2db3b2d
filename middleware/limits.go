package middleware

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/djinn-go/djinn/httpx"
)

// LimitsConfig configures [Limits]. The zero value applies Django's
// defaults; a negative value turns a limit off (Django's None).
type LimitsConfig struct {
	// DataUploadMaxMemorySize is DATA_UPLOAD_MAX_MEMORY_SIZE: the largest
	// body, in bytes, of a request that is not multipart (form-urlencoded,
	// JSON, anything read whole). 0 means 2,621,440 (2.5 MiB).
	DataUploadMaxMemorySize int64
	// DataUploadMaxNumberFields is DATA_UPLOAD_MAX_NUMBER_FIELDS: the most
	// parameters in the query string, and separately in a form-urlencoded
	// body. 0 means 1000.
	DataUploadMaxNumberFields int
	// MaxBodySize caps every request body, multipart uploads included
	// (REQUEST_MAX_BODY_SIZE). 0 means no cap beyond the one above.
	MaxBodySize int64
	// MaxHeaderBytes caps the total size of the request's header fields
	// (names, values and line overhead). The server's MaxHeaderBytes is
	// the first line of defence; this is the second. 0 means 64 KiB.
	MaxHeaderBytes int
	// MaxHeaderCount caps the number of header field values. 0 means 100.
	MaxHeaderCount int
}

// Errors of request limits, matched with errors.Is by the typed errors
// below.
var (
	// ErrRequestDataTooBig is Django's RequestDataTooBig.
	ErrRequestDataTooBig = errors.New("request body exceeded the data upload limit")
	// ErrTooManyFields is Django's TooManyFieldsSent.
	ErrTooManyFields = errors.New("too many fields sent")
	// ErrHeaderTooLarge is answered with 431.
	ErrHeaderTooLarge = errors.New("request header fields too large")
)

// LimitError is the error of a refused request: it carries the status it
// renders as (400, 413 or 431) and a sentinel ([ErrRequestDataTooBig],
// [ErrTooManyFields], [ErrHeaderTooLarge]). When it comes from reading the
// body, Cause is the underlying *http.MaxBytesError.
type LimitError struct {
	Status int
	Err    error
	Limit  int64
	Cause  error
}

// Error implements error.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%v (limit %d)", e.Err, e.Limit)
}

// HTTPStatus gives the response status.
func (e *LimitError) HTTPStatus() int { return e.Status }

// Unwrap returns the sentinel and the cause.
func (e *LimitError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// Limits applies Django's request limits before anything reads the
// request, so that no request can make the server hold an unbounded body
// in memory:
//
//   - too many or too large header fields: 431;
//   - a query string with more than DataUploadMaxNumberFields parameters:
//     400 ("too many fields sent");
//   - a body that is not multipart and whose Content-Length exceeds
//     DataUploadMaxMemorySize, or any body over MaxBodySize: 413 at once;
//   - otherwise the body is wrapped (http.MaxBytesReader) so that reading
//     past the limit fails with a [*LimitError] that renders as 413, and a
//     form-urlencoded body is counted as it is read: the field past
//     DataUploadMaxNumberFields fails the read with a 400 LimitError.
//
// A view that returns the error of r.ParseForm, io.ReadAll(r.Body) or a
// JSON decoder thus answers 413 or 400, never 500. Multipart bodies are
// bounded by MaxBodySize only: their non-file parts and their number of
// files are the form parser's to limit (DATA_UPLOAD_MAX_NUMBER_FILES).
func Limits(cfg LimitsConfig) func(http.Handler) http.Handler {
	dataMax := orDefault64(cfg.DataUploadMaxMemorySize, 2621440)
	fieldsMax := orDefault(cfg.DataUploadMaxNumberFields, 1000)
	bodyMax := cfg.MaxBodySize
	if bodyMax <= 0 {
		bodyMax = -1
	}
	headerBytes := orDefault(cfg.MaxHeaderBytes, 64<<10)
	headerCount := orDefault(cfg.MaxHeaderCount, 100)
	return func(next http.Handler) http.Handler {
		return &limits{next: next, dataMax: dataMax, fieldsMax: fieldsMax, bodyMax: bodyMax, headerBytes: headerBytes, headerCount: headerCount}
	}
}

// limits is Limits' handler (see renderers for why a type).
type limits struct {
	next                     http.Handler
	dataMax, bodyMax         int64
	fieldsMax                int
	headerBytes, headerCount int
}

func (l *limits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r, ok := l.check(w, r); ok {
		l.next.ServeHTTP(w, r)
	}
}

// check applies the limits; when it refuses r, it answers and ok is
// false; else it returns the request to pass on (with its body wrapped
// when it must be counted).
//
//go:noinline
func (l *limits) check(w http.ResponseWriter, r *http.Request) (_ *http.Request, ok bool) {
	dataMax, fieldsMax, headerBytes, headerCount := l.dataMax, l.fieldsMax, l.headerBytes, l.headerCount
	if headerBytes > 0 || headerCount > 0 {
		size, count := len(r.Host)+len(r.RequestURI), 0
		for k, vs := range r.Header {
			for _, v := range vs {
				size += len(k) + len(v) + 4
				count++
			}
		}
		if headerBytes > 0 && size > headerBytes || headerCount > 0 && count > headerCount {
			limit := int64(headerBytes)
			if headerCount > 0 && count > headerCount {
				limit = int64(headerCount)
			}
			httpx.RenderError(w, r, &LimitError{Status: http.StatusRequestHeaderFieldsTooLarge, Err: ErrHeaderTooLarge, Limit: limit})
			return r, false
		}
	}
	if fieldsMax > 0 && countFields(r.URL.RawQuery) > fieldsMax {
		httpx.RenderError(w, r, &LimitError{Status: http.StatusBadRequest, Err: ErrTooManyFields, Limit: int64(fieldsMax)})
		return r, false
	}
	if r.Body == nil || r.Body == http.NoBody {
		return r, true
	}
	mt := mediaType(r.Header.Get("Content-Type"))
	limit := l.bodyMax
	if dataMax > 0 && !strings.HasPrefix(mt, "multipart/") && (limit < 0 || dataMax < limit) {
		limit = dataMax
	}
	if limit >= 0 && r.ContentLength > limit {
		httpx.RenderError(w, r, &LimitError{Status: http.StatusRequestEntityTooLarge, Err: ErrRequestDataTooBig, Limit: limit})
		return r, false
	}
	countForm := fieldsMax > 0 && mt == "application/x-www-form-urlencoded"
	if limit < 0 && !countForm {
		return r, true
	}
	body := &limitedBody{rc: r.Body, limit: limit, maxFields: -1}
	if limit >= 0 {
		body.rc = http.MaxBytesReader(w, r.Body, limit)
	}
	if countForm {
		body.maxFields = fieldsMax
	}
	r2 := *r
	r2.Body = body
	return &r2, true
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orDefault64(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}

// countFields counts the parameters of a query string as Python's
// parse_qsl does against max_num_fields: one more than the separators.
func countFields(q string) int {
	if q == "" {
		return 0
	}
	return strings.Count(q, "&") + 1
}

// limitedBody turns the body's limit errors into [*LimitError]s and counts
// the fields of a form-urlencoded body as they stream by.
type limitedBody struct {
	rc        io.ReadCloser
	limit     int64
	maxFields int // -1: not counted
	fields    int // separators seen, plus one once a byte was read
	err       error
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.rc.Read(p)
	if b.maxFields >= 0 && n > 0 {
		if b.fields == 0 {
			b.fields = 1
		}
		b.fields += bytes.Count(p[:n], []byte{'&'})
		if b.fields > b.maxFields {
			b.err = &LimitError{Status: http.StatusBadRequest, Err: ErrTooManyFields, Limit: int64(b.maxFields)}
			return 0, b.err
		}
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			b.err = &LimitError{Status: http.StatusRequestEntityTooLarge, Err: ErrRequestDataTooBig, Limit: b.limit, Cause: err}
			return n, b.err
		}
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

var _ io.ReadCloser = (*limitedBody)(nil)
