package upload

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/djinn-go/djinn/internal/querydict"
)

// The splitter below reads a multipart body the way Django's
// MultiPartParser is observed to read it (not as RFC 2046 or Go's
// mime/multipart would):
//
//   - the body is cut at every occurrence of "--"+boundary, wherever it is
//     (not only at the start of a line); one "\n" and then one "\r" just
//     before an occurrence are dropped;
//   - every piece is a part, the piece before the first delimiter and the
//     one after the last (the "--" of a closing delimiter, an epilogue)
//     included, as long as at least one byte is left; a body without a
//     closing delimiter simply ends its last part;
//   - a part's headers must end with "\r\n\r\n" within its first 1024
//     bytes, or the part is raw (no headers) and skipped.
//
// Memory is bounded: the splitter holds one buffer of splitBuffer bytes.

const (
	splitBuffer    = 64 << 10
	maxHeaderBytes = 1024 // Django reads at most 1 KiB of part headers
)

type splitter struct {
	src   io.Reader
	delim []byte
	buf   []byte // buf[r:w] is unread
	r, w  int
	eof   bool
	err   error

	// State of the current part: avail bytes from r are part data; then,
	// if hit, skip bytes end the part (stripped CR/LF and the delimiter).
	avail int
	hit   bool
	skip  int
	done  bool
}

func newSplitter(src io.Reader, boundary string) *splitter {
	return &splitter{src: src, delim: []byte("--" + boundary), buf: make([]byte, splitBuffer)}
}

// fill reads more input; it returns false when there is none (EOF or error).
func (s *splitter) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	for range 100 {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = err
		}
		if n > 0 || s.eof || s.err != nil {
			return n > 0
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// next starts the next part; it returns false when no byte is left.
func (s *splitter) next() (bool, error) {
	for s.r == s.w {
		if !s.fill() {
			return false, s.err
		}
	}
	s.avail, s.hit, s.skip, s.done = 0, false, 0, false
	return true, nil
}

// Read reads the current part's data.
func (s *splitter) Read(p []byte) (int, error) {
	for {
		if s.done {
			return 0, io.EOF
		}
		if s.avail > 0 {
			n := copy(p, s.buf[s.r:s.r+min(s.avail, len(p))])
			s.r += n
			s.avail -= n
			return n, nil
		}
		if s.hit {
			s.r += s.skip
			s.done = true
			return 0, io.EOF
		}
		data := s.buf[s.r:s.w]
		if i := bytes.Index(data, s.delim); i >= 0 {
			end := i
			if end > 0 && data[end-1] == '\n' {
				end--
			}
			if end > 0 && data[end-1] == '\r' {
				end--
			}
			s.avail, s.hit, s.skip = end, true, i-end+len(s.delim)
			continue
		}
		if s.eof || s.err != nil {
			if len(data) == 0 {
				if s.err != nil {
					return 0, s.err
				}
				s.done = true
				return 0, io.EOF
			}
			s.avail = len(data)
			continue
		}
		// A delimiter may start in the last len(delim)-1 bytes, and the two
		// bytes before it may be dropped: hold those back.
		if safe := len(data) - len(s.delim) - 1; safe > 0 {
			s.avail = safe
			continue
		}
		s.fill()
	}
}

// Kinds of part, as Django's parser names them.
const (
	partRaw = iota
	partField
	partFile
)

// partHead is a part's parsed headers.
type partHead struct {
	kind   int
	header textproto.MIMEHeader
	disp   map[string]string // Content-Disposition parameters
	base64 bool              // Content-Transfer-Encoding: base64
}

// readHead reads the current part's headers; rest is the part's data.
func readHead(s *splitter) (partHead, io.Reader, error) {
	chunk := make([]byte, maxHeaderBytes)
	n, err := io.ReadFull(s, chunk)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return partHead{}, nil, err
	}
	chunk = chunk[:n]
	end := bytes.Index(chunk, []byte("\r\n\r\n"))
	if end < 0 {
		return partHead{kind: partRaw}, s, nil
	}
	h := partHead{kind: partRaw, header: textproto.MIMEHeader{}}
	for line := range bytes.SplitSeq(chunk[:end], []byte("\r\n")) {
		key, value, params, ok := parseHeaderLine(line)
		if !ok {
			continue
		}
		switch key {
		case "content-disposition":
			h.kind, h.disp = partField, params
			if params["filename"] != "" {
				h.kind = partFile
			}
		case "content-transfer-encoding":
			h.base64 = strings.TrimSpace(strings.ToLower(value)) == "base64"
		}
		h.header[textproto.CanonicalMIMEHeaderKey(key)] = []string{validUTF8(strings.TrimSpace(value))}
	}
	return h, io.MultiReader(bytes.NewReader(chunk[end+4:]), s), nil
}

// parseHeaderLine reads one "Name: value; k=v; ..." line as Django does: the
// name is lower-cased, parameters are split at unquoted ";", quoted values
// are unquoted, "k*=charset'lang'value" is decoded (RFC 2231), and a line
// that is not ASCII where it must be, or has no ":", is ignored.
func parseHeaderLine(line []byte) (key, value string, params map[string]string, ok bool) {
	items := splitParams(line)
	main := items[0]
	if !isASCII(main) {
		return "", "", nil, false
	}
	k, v, found := strings.Cut(string(main), ":")
	if !found {
		return "", "", nil, false
	}
	params = map[string]string{}
	for _, p := range items[1:] {
		i := bytes.IndexByte(p, '=')
		if i < 0 {
			continue
		}
		rawName := bytes.ToLower(bytes.Trim(p[:i], asciiSpace))
		if !isASCII(rawName) {
			return "", "", nil, false
		}
		name := string(rawName)
		encoded := false
		if strings.HasSuffix(name, "*") {
			name = name[:len(name)-1]
			encoded = bytes.Count(p, []byte("'")) == 2
		}
		val := bytes.Trim(p[i+1:], asciiSpace)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
			val = bytes.ReplaceAll(val, []byte(`\\`), []byte(`\`))
			val = bytes.ReplaceAll(val, []byte(`\"`), []byte(`"`))
		}
		if encoded {
			parts := bytes.Split(val, []byte("'"))
			if len(parts) != 3 || !utf8.Valid(parts[2]) {
				return "", "", nil, false
			}
			dec, err := unquoteCharset(string(parts[2]), string(parts[0]))
			if err != nil {
				return "", "", nil, false
			}
			params[name] = dec
			continue
		}
		params[name] = validUTF8(string(val))
	}
	return strings.ToLower(k), v, params, true
}

const asciiSpace = " \t\n\r\v\f"

// splitParams splits a header line at the ";" that are not inside quotes,
// trimming each item.
func splitParams(s []byte) [][]byte {
	var out [][]byte
	for {
		end := bytes.IndexByte(s, ';')
		for end > 0 && bytes.Count(s[:end], []byte(`"`))%2 == 1 {
			next := bytes.IndexByte(s[end+1:], ';')
			if next < 0 {
				end = -1
				break
			}
			end += 1 + next
		}
		if end < 0 {
			return append(out, bytes.Trim(s, asciiSpace))
		}
		out = append(out, bytes.Trim(s[:end], asciiSpace))
		s = s[end+1:]
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var errCharset = errors.New("unknown charset")

// unquoteCharset percent-decodes s, decoding the escaped bytes in charset
// (UTF-8, Latin-1 or ASCII; invalid sequences become U+FFFD). Text without
// "%" is returned as it is, whatever the charset.
func unquoteCharset(s, charset string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var decode func([]byte) string
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(charset)) {
	case "utf8", "u8", "utf":
		decode = func(b []byte) string { return validUTF8(string(b)) }
	case "latin1", "iso88591", "l1", "iso885911987", "8859", "cp819", "latin":
		decode = func(b []byte) string {
			r := make([]rune, len(b))
			for i, c := range b {
				r[i] = rune(c)
			}
			return string(r)
		}
	case "ascii", "usascii", "646":
		decode = func(b []byte) string {
			return strings.Map(func(r rune) rune {
				if r >= utf8.RuneSelf {
					return unicode.ReplacementChar
				}
				return r
			}, string(b))
		}
	default:
		return "", errCharset
	}
	var out strings.Builder
	var run []byte
	flush := func() {
		if len(run) > 0 {
			out.WriteString(decode(run))
			run = run[:0]
		}
	}
	for i := 0; i < len(s); i++ {
		if e, ok := querydict.HexEscape(s, i); ok {
			run = append(run, e)
			i += 2
			continue
		}
		flush()
		out.WriteByte(s[i])
	}
	flush()
	return out.String(), nil
}

var errBase64 = errors.New("could not decode base64 data")

// b64 decodes base64 leniently, as Python's binascii.a2b_base64 does by
// default: characters outside the alphabet are skipped, decoding stops
// once a quantum's padding is complete, and a last incomplete quantum is
// an error.
type b64 struct {
	quad, pads int
	left       byte
	stopped    bool
}

func (d *b64) write(dst, src []byte) []byte {
	for _, c := range src {
		if d.stopped {
			return dst
		}
		if c == '=' {
			if d.quad >= 2 {
				d.pads++
				if d.quad+d.pads >= 4 {
					d.stopped = true
				}
			}
			continue
		}
		v := b64val(c)
		if v < 0 {
			continue
		}
		d.pads = 0
		switch d.quad {
		case 0:
			d.left, d.quad = byte(v), 1
		case 1:
			dst = append(dst, d.left<<2|byte(v)>>4)
			d.left, d.quad = byte(v)&0x0f, 2
		case 2:
			dst = append(dst, d.left<<4|byte(v)>>2)
			d.left, d.quad = byte(v)&0x03, 3
		case 3:
			dst = append(dst, d.left<<6|byte(v))
			d.left, d.quad = 0, 0
		}
	}
	return dst
}

func (d *b64) close() error {
	if !d.stopped && d.quad != 0 {
		return errBase64
	}
	return nil
}

func b64val(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// b64Reader decodes a base64 part as it is read.
type b64Reader struct {
	r   io.Reader
	d   b64
	in  []byte
	ob  []byte // decoded buffer
	out []byte // unread part of ob
	err error
}

func (b *b64Reader) Read(p []byte) (int, error) {
	for len(b.out) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		if b.in == nil {
			b.in = make([]byte, 32<<10)
		}
		n, err := b.r.Read(b.in)
		b.ob = b.d.write(b.ob[:0], b.in[:n])
		b.out = b.ob
		if err == io.EOF {
			if cerr := b.d.close(); cerr != nil {
				err = newError(ErrMalformed, cerr)
			}
		}
		b.err = err
	}
	n := copy(p, b.out)
	b.out = b.out[n:]
	return n, nil
}

// validBoundary reports whether a boundary is one Django accepts: 1 to 201
// printable ASCII characters, the last not a space.
func validBoundary(b string) bool {
	if b == "" || len(b) > 201 || b[len(b)-1] == ' ' {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] < ' ' || b[i] > '~' {
			return false
		}
	}
	return true
}
