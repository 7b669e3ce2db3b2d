package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/internal/pyutf8"
	"github.com/djinn-go/djinn/internal/querydict"
)

// Django's defaults.
const (
	DefaultMaxMemory  = 2621440 // DATA_UPLOAD_MAX_MEMORY_SIZE
	DefaultMaxFields  = 1000    // DATA_UPLOAD_MAX_NUMBER_FIELDS
	DefaultMaxFiles   = 100     // DATA_UPLOAD_MAX_NUMBER_FILES
	DefaultFileMemory = 2621440 // FILE_UPLOAD_MAX_MEMORY_SIZE
)

// Limits bound what a request body may hold. Zero values mean Django's
// defaults; a negative value means no limit (not recommended).
type Limits struct {
	// MaxMemory caps the non-file data: field names and values (Django's
	// DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB).
	MaxMemory int64
	// MaxFields caps the number of non-file fields (Django's
	// DATA_UPLOAD_MAX_NUMBER_FIELDS, 1000).
	MaxFields int
	// MaxFiles caps the number of file parts (Django's
	// DATA_UPLOAD_MAX_NUMBER_FILES, 100).
	MaxFiles int
	// FileMemory is how much of one file is held in memory before it is
	// moved to a temporary file (Django's FILE_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB).
	FileMemory int64
	// MaxBodySize caps the whole body, files included; 0 means no cap
	// (Django has none and leaves it to the web server).
	MaxBodySize int64
	// TempDir is where large files go (os.TempDir() when empty).
	TempDir string
}

func pick[T int | int64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}

func (l Limits) norm() Limits {
	l.MaxMemory = pick(l.MaxMemory, DefaultMaxMemory)
	l.MaxFields = pick(l.MaxFields, DefaultMaxFields)
	l.MaxFiles = pick(l.MaxFiles, DefaultMaxFiles)
	l.FileMemory = pick(l.FileMemory, DefaultFileMemory)
	if l.FileMemory < 0 {
		l.FileMemory = 1<<63 - 1
	}
	return l
}

// Parse reads r's body as a form: multipart/form-data or
// application/x-www-form-urlencoded. Any other content type gives an empty
// form, as Django's request.POST. On error every temporary file is already
// removed; on success the caller must call Cleanup.
func Parse(r *http.Request, lim Limits) (*Form, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || r.Body == nil || r.Body == http.NoBody {
		return newForm(), nil
	}
	lim = lim.norm()
	if lim.MaxBodySize > 0 && r.ContentLength > lim.MaxBodySize {
		return nil, newError(ErrRequestTooLarge, nil)
	}
	switch mt {
	case "multipart/form-data":
		return ParseMultipart(r.Context(), r.Body, params["boundary"], lim)
	case "application/x-www-form-urlencoded":
		return ParseURLEncoded(r.Context(), r.Body, lim)
	}
	return newForm(), nil
}

// capReader stops a body at a hard cap and at context cancellation.
type capReader struct {
	ctx  context.Context
	r    io.Reader
	left int64 // -1: no cap
	err  error
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if err := c.ctx.Err(); err != nil {
		c.err = err
		return 0, err
	}
	return c.read(p)
}

func (c *capReader) read(p []byte) (int, error) {
	if c.left >= 0 {
		if c.left == 0 {
			// One byte more tells a body of exactly the cap from a bigger one.
			var one [1]byte
			n, err := io.ReadFull(c.r, one[:])
			if n > 0 {
				c.err = newError(ErrRequestTooLarge, nil)
				return 0, c.err
			}
			return 0, err
		}
		if int64(len(p)) > c.left {
			p = p[:c.left]
		}
	}
	n, err := c.r.Read(p)
	if c.left >= 0 {
		c.left -= int64(n)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		c.err = newError(ErrRequestTooLarge, err)
		return n, c.err
	}
	return n, err
}

func newCapReader(ctx context.Context, r io.Reader, capBytes int64) *capReader {
	if capBytes <= 0 {
		capBytes = -1
	}
	return &capReader{ctx: ctx, r: r, left: capBytes}
}

// classify turns a read error into the error Parse reports.
func classify(err error) error {
	var ue *Error
	if errors.As(err, &ue) {
		return ue
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newError(ErrRequestTooLarge, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("upload: reading body: %w", err)
	}
	return newError(ErrMalformed, err)
}

// ParseMultipart reads a multipart/form-data body with the given boundary,
// streaming it part by part and enforcing lim. On error every temporary file
// is removed; on success the caller must call Cleanup.
func ParseMultipart(ctx context.Context, body io.Reader, boundary string, lim Limits) (*Form, error) {
	return parseMultipart(ctx, body, boundary, lim)
}

func parseMultipart(ctx context.Context, body io.Reader, boundary string, lim Limits) (_ *Form, err error) {
	lim = lim.norm()
	if !validBoundary(boundary) {
		return nil, newError(ErrMalformed, fmt.Errorf("invalid boundary %q", boundary))
	}
	form := newForm()
	defer func() {
		if err != nil {
			form.Cleanup() // whatever failed, no temporary file outlives the call
		}
	}()
	sp := newSplitter(newCapReader(ctx, body, lim.MaxBodySize), boundary)
	var dataBytes int64
	// Django counts raw parts (the empty one before the first delimiter, the
	// one after the last, parts without headers) with the fields, and allows
	// two more than its limit for the first and the last; djinn counts the
	// same way and also keeps fields proper within the limit.
	var fields, fieldsAndRaw, files int
	// A file is kept once another part follows it, as in Django: the last
	// file of a body cut short (no closing delimiter) is dropped.
	var pending *File
	var pendingName string
	for {
		more, err := sp.next()
		if err != nil {
			return nil, classify(err)
		}
		if pending != nil {
			if !more {
				if pending.path != "" {
					os.Remove(pending.path) // also in form.temps, for Cleanup
				}
				return form, nil
			}
			form.Files[pendingName] = append(form.Files[pendingName], pending)
			pending = nil
		}
		if !more {
			return form, nil
		}
		head, data, err := readHead(sp)
		if err != nil {
			return nil, classify(err)
		}
		if head.kind != partFile {
			fieldsAndRaw++
			if head.kind == partField {
				fields++
			}
			if lim.MaxFields >= 0 && (fields > lim.MaxFields || fieldsAndRaw > lim.MaxFields+2) {
				return nil, newError(ErrTooManyFields, nil)
			}
		}
		rawName, named := head.disp["name"]
		if head.kind == partRaw || !named {
			// A raw part or one without a name is skipped.
			if _, err := io.Copy(io.Discard, data); err != nil {
				return nil, classify(err)
			}
			continue
		}
		name := strings.Trim(rawName, asciiSpace)
		if head.kind == partField {
			// Django counts the name in characters, the value in bytes as
			// sent, and two for "=" and "&" as in a URL-encoded body.
			dataBytes += int64(utf8.RuneCountInString(name)) + 2
			var value []byte
			if lim.MaxMemory >= 0 {
				left := lim.MaxMemory - dataBytes
				if left < 0 {
					return nil, newError(ErrDataTooBig, nil)
				}
				value, err = io.ReadAll(io.LimitReader(data, left+1))
				if err != nil {
					return nil, classify(err)
				}
				if int64(len(value)) > left {
					return nil, newError(ErrDataTooBig, nil)
				}
			} else if value, err = io.ReadAll(data); err != nil {
				return nil, classify(err)
			}
			dataBytes += int64(len(value))
			if head.base64 {
				// Django keeps the data as sent when it is not base64.
				var d b64
				if dec := d.write(nil, value); d.close() == nil {
					value = dec
				}
			}
			// Django decodes field data with errors="replace".
			form.Values[name] = append(form.Values[name], validUTF8(string(value)))
			continue
		}
		files++
		if lim.MaxFiles >= 0 && files > lim.MaxFiles {
			return nil, newError(ErrTooManyFiles, nil)
		}
		clean := SanitizeName(head.disp["filename"])
		if clean == "" {
			// Django skips a file part without a usable name.
			if _, err := io.Copy(io.Discard, data); err != nil {
				return nil, classify(err)
			}
			continue
		}
		if head.base64 {
			data = &b64Reader{r: data}
		}
		f, err := form.receive(data, head.header, clean, lim)
		if err != nil {
			return nil, err
		}
		pending, pendingName = f, name
	}
}

// receive reads one file part into memory, or into a temporary file once it
// passes lim.FileMemory.
func (form *Form) receive(part io.Reader, header textproto.MIMEHeader, name string, lim Limits) (*File, error) {
	f := &File{Name: name, ContentType: header.Get("Content-Type"), Header: header}
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, part, lim.FileMemory+1)
	if err != nil && err != io.EOF {
		return nil, classify(err)
	}
	if n <= lim.FileMemory {
		f.data, f.Size = buf.Bytes(), n
		return f, nil
	}
	tmp, err := os.CreateTemp(lim.TempDir, tempPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("upload: creating temporary file: %w", err)
	}
	form.temps = append(form.temps, tmp.Name()) // removed by Cleanup whatever happens next
	f.path = tmp.Name()
	written, err := buf.WriteTo(tmp)
	if err == nil {
		var m int64
		m, err = io.Copy(tmp, part)
		written += m
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("upload: writing temporary file: %w", cerr)
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("upload: writing temporary file: %w", err)
		}
		return nil, classify(err)
	}
	f.Size = written
	return f, nil
}

// ParseURLEncoded reads an application/x-www-form-urlencoded body, refusing
// one larger than lim.MaxMemory or with more than lim.MaxFields fields.
func ParseURLEncoded(ctx context.Context, body io.Reader, lim Limits) (*Form, error) {
	lim = lim.norm()
	r := io.Reader(newCapReader(ctx, body, lim.MaxBodySize))
	if lim.MaxMemory >= 0 {
		r = io.LimitReader(r, lim.MaxMemory+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, classify(err)
	}
	if lim.MaxMemory >= 0 && int64(len(data)) > lim.MaxMemory {
		return nil, newError(ErrDataTooBig, nil)
	}
	form := newForm()
	if len(data) == 0 {
		return form, nil
	}
	s := querydict.Text(data)
	if lim.MaxFields >= 0 && querydict.Fields(s) > lim.MaxFields {
		return nil, newError(ErrTooManyFields, nil)
	}
	form.Values = querydict.Parse(s)
	return form, nil
}

// validUTF8 reads s as Python's bytes.decode("utf-8", "replace") does:
// each maximal subpart of an ill-formed sequence becomes U+FFFD.
func validUTF8(s string) string { return pyutf8.Decode(s) }
