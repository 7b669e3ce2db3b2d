package signing

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/adler32"
	"io"
	"math/bits"
	"strings"
	"sync"
	"time"
)

// DefaultDumpsSalt is the salt Dumps and Loads use when given "".
const DefaultDumpsSalt = "django.core.signing"

// maxDecompressed bounds the size of a decompressed payload. Payloads are
// only decompressed after their signature verified, so this is a second
// line of defence, not the first.
const maxDecompressed = 64 << 20

// EncodePayload turns JSON into Django's payload text: URL-safe base64
// without padding, zlib-compressed and prefixed with "." when compress is
// set and compression makes it shorter.
func EncodePayload(data []byte, compress bool) string {
	if compress {
		d, _ := deflaters.Get().(*deflater)
		if d == nil {
			d = new(deflater)
			d.zw = zlib.NewWriter(&d.buf)
		}
		d.buf.Reset()
		d.zw.Reset(&d.buf)
		d.zw.Write(data) // writes to a bytes.Buffer cannot fail
		d.zw.Close()
		if n := finalBlockLen(d.buf.Bytes(), len(data)); n > 0 {
			d.buf.Truncate(n)
		}
		z := d.buf.Bytes()
		if len(data) <= maxFixedInput {
			// A short input may be shorter in one fixed-code block.
			d.fixedOut = d.fixed.encode(d.fixedOut[:0], data)
			if len(d.fixedOut) < len(z) {
				z = d.fixedOut
			}
		}
		var s string
		if len(z) < len(data)-1 {
			enc := base64.RawURLEncoding
			n := 1 + enc.EncodedLen(len(z))
			if cap(d.text) < n {
				d.text = make([]byte, n)
			}
			d.text = d.text[:n]
			d.text[0] = '.'
			enc.Encode(d.text[1:], z)
			s = string(d.text)
		}
		if d.buf.Cap() > maxPooledInflate || cap(d.text) > maxPooledInflate {
			d.buf, d.text = bytes.Buffer{}, nil
		}
		d.zw.Reset(nil)
		deflaters.Put(d)
		if s != "" {
			return s
		}
	}
	return B64Encode(data)
}

// finalBlockLen rewrites the zlib stream z in place so that it ends as
// zlib's (CPython's) own does, and returns its new length, or 0 to keep it.
// Go's deflate ends a stream with an empty stored block marked final;
// zlib instead marks its last data block final. Without that block the
// stream is four or five bytes shorter, so the payload is compressed when
// Django's would be (Django keeps the compressed form only when it is
// shorter) and, when both chose the same block, it is byte for byte
// Django's. Only a stream of one data block (below Go's block size, so
// that the block starts the stream) is rewritten.
func finalBlockLen(z []byte, dataLen int) int {
	const maxSingleBlock = 16000 // below Go's 1<<14 tokens per block
	n := len(z)
	if dataLen >= maxSingleBlock || n < 2+5+4 {
		return 0
	}
	def := z[2 : n-4]
	q := len(def) - 4
	if string(def[q:]) != "\x00\x00\xff\xff" {
		return 0
	}
	// The empty stored block's header (1, 00) and its zero padding end
	// just before LEN/NLEN: its final bit is the last set bit before q.
	j := q - 1
	if def[j] == 0 {
		j--
	}
	if j < 0 || def[j] == 0 {
		return 0
	}
	p := j*8 + bits.Len8(def[j]) - 1 // bit offset of that header
	if p == 0 {
		return 0 // no data block (empty input)
	}
	m := (p + 7) / 8
	if r := p % 8; r != 0 {
		def[m-1] &= byte(1)<<r - 1
	}
	def[0] |= 1 // BFINAL of the data block
	copy(z[2+m:], z[n-4:])
	return 2 + m + 4
}

// deflater is a reusable zlib writer (its compressor is most of a
// megabyte), the fixed-code encoder for short inputs, and their output
// buffers.
type deflater struct {
	buf      bytes.Buffer
	text     []byte
	zw       *zlib.Writer
	fixed    fixedEncoder
	fixedOut []byte
}

var deflaters sync.Pool

// DecodePayload reverses EncodePayload and returns the JSON bytes.
func DecodePayload(payload string) ([]byte, error) {
	compressed := strings.HasPrefix(payload, ".")
	if compressed {
		payload = payload[1:]
	}
	if !compressed {
		data, err := B64Decode(payload)
		if err != nil {
			return nil, &SignatureError{Reason: "malformed payload", Err: err}
		}
		return data, nil
	}
	in, _ := inflaters.Get().(*inflater)
	if in == nil {
		in = new(inflater)
	}
	out, err := in.inflate(payload)
	in.release()
	return out, err
}

// inflater is the reusable state of decompressing a payload: the decoded
// bytes, the deflate reader (its window) and the output buffer. Only the
// returned copy of the output leaves it.
type inflater struct {
	raw []byte
	br  bytes.Reader
	fr  io.ReadCloser
	lr  io.LimitedReader
	out bytes.Buffer
}

var inflaters sync.Pool

// maxPooledInflate bounds the buffers an inflater keeps for reuse.
const maxPooledInflate = 256 << 10

func (in *inflater) inflate(payload string) ([]byte, error) {
	raw, err := appendB64Decode(in.raw[:0], payload, true)
	if err != nil {
		return nil, &SignatureError{Reason: "malformed payload", Err: err}
	}
	in.raw = raw
	in.br.Reset(raw)
	if err := in.header(); err != nil {
		return nil, &SignatureError{Reason: "malformed compressed payload", Err: err}
	}
	if in.fr == nil {
		in.fr = flate.NewReader(&in.br)
	} else if err := in.fr.(flate.Resetter).Reset(&in.br, nil); err != nil {
		return nil, &SignatureError{Reason: "malformed compressed payload", Err: err}
	}
	in.lr = io.LimitedReader{R: in.fr, N: maxDecompressed + 1}
	in.out.Reset()
	if _, err := in.out.ReadFrom(&in.lr); err != nil {
		return nil, &SignatureError{Reason: "malformed compressed payload", Err: err}
	}
	if in.out.Len() > maxDecompressed {
		return nil, &SignatureError{Reason: "payload too large"}
	}
	// The deflate stream ended (the limit was not reached): the Adler-32
	// of the output follows it.
	if err := in.checksum(adler32.Checksum(in.out.Bytes())); err != nil {
		return nil, &SignatureError{Reason: "malformed compressed payload", Err: err}
	}
	return bytes.Clone(in.out.Bytes()), nil
}

// header reads the zlib header (RFC 1950) as compress/zlib does, which
// would allocate a checksum state per payload.
func (in *inflater) header() error {
	var h [4]byte
	if n, _ := in.br.Read(h[:2]); n < 2 {
		return io.ErrUnexpectedEOF
	}
	if h[0]&0x0f != 8 || h[0]>>4 > 7 || (uint(h[0])<<8|uint(h[1]))%31 != 0 {
		return zlib.ErrHeader
	}
	if h[1]&0x20 != 0 {
		// A preset dictionary: only the empty one (Adler-32 1) is known,
		// as with zlib.NewReader.
		if n, _ := in.br.Read(h[:4]); n < 4 {
			return io.ErrUnexpectedEOF
		}
		if binary.BigEndian.Uint32(h[:]) != adler32.Checksum(nil) {
			return zlib.ErrDictionary
		}
	}
	return nil
}

// checksum reads the Adler-32 trailer and compares it with sum.
func (in *inflater) checksum(sum uint32) error {
	var b [4]byte
	if n, _ := in.br.Read(b[:]); n < 4 {
		return io.ErrUnexpectedEOF
	}
	if binary.BigEndian.Uint32(b[:]) != sum {
		return zlib.ErrChecksum
	}
	return nil
}

func (in *inflater) release() {
	in.br.Reset(nil)
	in.lr = io.LimitedReader{}
	if cap(in.raw) > maxPooledInflate {
		in.raw = nil
	}
	if in.out.Cap() > maxPooledInflate {
		in.out = bytes.Buffer{}
	}
	inflaters.Put(in)
}

// EncodeJSON encodes v the way Python's json.dumps(v, separators=(",",
// ":")) does: compact, non-ASCII and control characters escaped as \uXXXX,
// and no HTML escaping. Object keys keep the order v gives them (a Go map
// gives sorted keys; json.RawMessage keeps its own order).
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("signing: encoding payload: %w", err)
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	return asciiJSON(b)
}

// asciiJSON rewrites every string of compact, valid JSON with Python's
// ensure_ascii escaping.
func asciiJSON(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		c := b[i]
		if c != '"' {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				out = append(out, c)
			}
			i++
			continue
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(b) {
			return nil, fmt.Errorf("signing: unterminated string in JSON")
		}
		var s string
		if err := json.Unmarshal(b[i:j+1], &s); err != nil {
			return nil, fmt.Errorf("signing: bad string in JSON: %w", err)
		}
		out = appendPyString(out, s)
		i = j + 1
	}
	return out, nil
}

const hexDigits = "0123456789abcdef"

func appendU(out []byte, r rune) []byte {
	return append(out, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

func appendPyString(out []byte, s string) []byte {
	out = append(out, '"')
	for _, r := range s {
		switch {
		case r == '"':
			out = append(out, '\\', '"')
		case r == '\\':
			out = append(out, '\\', '\\')
		case r == '\n':
			out = append(out, '\\', 'n')
		case r == '\r':
			out = append(out, '\\', 'r')
		case r == '\t':
			out = append(out, '\\', 't')
		case r == '\b':
			out = append(out, '\\', 'b')
		case r == '\f':
			out = append(out, '\\', 'f')
		case r >= 0x20 && r < 0x7f:
			out = append(out, byte(r))
		case r > 0xffff:
			r -= 0x10000
			out = appendU(out, 0xd800+(r>>10))
			out = appendU(out, 0xdc00+(r&0x3ff))
		default:
			out = appendU(out, r)
		}
	}
	return append(out, '"')
}

// SignObject encodes v as JSON (see EncodeJSON), optionally compresses it,
// and signs it, as Django's Signer.sign_object.
func (s Signer) SignObject(v any, compress bool) (string, error) {
	data, err := EncodeJSON(v)
	if err != nil {
		return "", err
	}
	return s.Sign(EncodePayload(data, compress))
}

// UnsignObject verifies a value from SignObject and decodes its JSON into
// v (as json.Unmarshal; the payload's bytes read as latin-1, see
// TimestampSigner.UnsignJSON). Errors match ErrBadSignature.
func (s Signer) UnsignObject(signed string, v any) error {
	payload, err := s.Unsign(signed)
	if err != nil {
		return err
	}
	return decodeInto(payload, v)
}

func decodeInto(payload string, v any) error {
	data, err := DecodePayload(payload)
	if err != nil {
		return err
	}
	data = latin1ToUTF8(data)
	if err := json.Unmarshal(data, v); err != nil {
		return &SignatureError{Reason: "malformed JSON payload", Err: err}
	}
	return nil
}

// SignObject is Signer.SignObject with a timestamp (what Dumps uses).
func (t TimestampSigner) SignObject(v any, compress bool) (string, error) {
	data, err := EncodeJSON(v)
	if err != nil {
		return "", err
	}
	return t.Sign(EncodePayload(data, compress))
}

// UnsignObject verifies a value from TimestampSigner.SignObject no older
// than maxAge (0: any age; see TimestampSigner.Unsign) and decodes its
// JSON into v.
func (t TimestampSigner) UnsignObject(signed string, v any, maxAge time.Duration) error {
	data, err := t.UnsignJSON(signed, maxAge)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return &SignatureError{Reason: "malformed JSON payload", Err: err}
	}
	return nil
}

// UnsignJSON verifies a value from SignObject and returns its JSON text,
// for callers that decode it themselves. As in Django, whose serializer
// reads the payload as latin-1, every byte of the payload is one
// character: a byte from 0x80 up becomes that code point in UTF-8 (the
// JSON SignObject writes is ASCII, so this only matters for payloads
// signed by other means).
func (t TimestampSigner) UnsignJSON(signed string, maxAge time.Duration) ([]byte, error) {
	payload, err := t.Unsign(signed, maxAge)
	if err != nil {
		return nil, err
	}
	data, err := DecodePayload(payload)
	if err != nil {
		return nil, err
	}
	return latin1ToUTF8(data), nil
}

// latin1ToUTF8 reads b as latin-1 and returns it in UTF-8: b itself when
// it is ASCII.
func latin1ToUTF8(b []byte) []byte {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return b
	}
	out := make([]byte, 0, len(b)+n)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = append(out, 0xc0|c>>6, 0x80|c&0x3f)
		}
	}
	return out
}

// Dumps returns a URL-safe, signed, timestamped JSON string for v, the same
// string Django's signing.dumps(v, key, salt, compress=compress) gives
// (compressed payloads may differ byte for byte from CPython's zlib but
// decode identically). An empty salt means DefaultDumpsSalt.
func Dumps(v any, key []byte, salt string, compress bool) (string, error) {
	return dumpsSigner(key, salt).SignObject(v, compress)
}

// Loads reverses Dumps: it verifies s with key, enforces maxAge when it is
// not zero (see TimestampSigner.Unsign), and decodes the JSON into v. Use a TimestampSigner directly for
// fallback keys or an injected clock.
func Loads(s string, v any, key []byte, salt string, maxAge time.Duration) error {
	return dumpsSigner(key, salt).UnsignObject(s, v, maxAge)
}

func dumpsSigner(key []byte, salt string) TimestampSigner {
	if salt == "" {
		salt = DefaultDumpsSalt
	}
	return TimestampSigner{Signer: Signer{Key: key, Salt: salt}}
}
