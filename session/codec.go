package session

import (
	"bytes"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/djinn-go/djinn/signing"
)

// Salts Django uses for session data.
const (
	// DefaultSalt signs server-side session data (the db and cache
	// backends' SessionStore).
	DefaultSalt = "django.contrib.sessions.SessionStore"
	// CookieSalt signs sessions kept entirely in the cookie.
	CookieSalt = "django.contrib.sessions.backends.signed_cookies"
)

// Codec turns session data into Django's session_data text and back:
// signing.Dumps of the JSON object with compression, salted per backend.
// With DefaultSalt it also reads the format of Django before 3.1.
type Codec struct {
	Key          []byte
	FallbackKeys [][]byte
	// Salt is DefaultSalt when empty.
	Salt string
	// MaxAge, when positive, rejects data signed longer ago (the signed
	// cookie backend uses the cookie age).
	MaxAge time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (c Codec) signer() signing.TimestampSigner {
	salt := c.Salt
	if salt == "" {
		salt = DefaultSalt
	}
	return signing.TimestampSigner{Signer: signing.Signer{Key: c.Key, FallbackKeys: c.FallbackKeys, Salt: salt}, Now: c.Now}
}

// Encode returns the session_data text for s's data.
func (c Codec) Encode(s *Session) (string, error) {
	s.mu.Lock()
	data, err := encodeOrderedRaw(s.order, s.values, s.raw)
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	return c.signer().Sign(signing.EncodePayload(data, true))
}

// Decode returns a detached session holding the data of text. Text that
// does not verify or decode gives an empty session, never an error, as in
// Django.
func (c Codec) Decode(text string) *Session {
	order, values, raw := c.decode(text)
	if values == nil {
		values = map[string]any{}
	}
	return &Session{order: order, values: values, raw: raw}
}

// decode is Decode's data: nil for text that does not verify or decode.
// Server-side data (DefaultSalt) that is not in the signed format may be
// in the format of Django before 3.1, which Django 3.2 still reads.
func (c Codec) decode(text string) ([]string, map[string]any, map[string]json.RawMessage) {
	data, err := c.signer().UnsignJSON(text, c.MaxAge)
	if err == nil {
		if order, values, raw, err := decodeOrderedRaw(data); err == nil {
			return order, values, raw
		}
	}
	if c.Salt != "" && c.Salt != DefaultSalt {
		return nil, nil, nil
	}
	data = c.legacyData(text)
	if data == nil {
		return nil, nil, nil
	}
	order, values, raw, err := decodeOrderedRaw(data)
	if err != nil {
		return nil, nil, nil
	}
	return order, values, raw
}

// legacyKeySalt is the key salt of the pre-3.1 format's hash: Django's
// "django.contrib.sessions" + the store's class name.
const legacyKeySalt = "django.contrib.sessionsSessionStore"

// legacyData reads session data in Django's format before 3.1 (Django 3.2
// still reads it; 4.0 no longer does): standard base64 of the hex
// HMAC-SHA1 (salted_hmac) of the JSON, a colon, and the JSON. It returns
// the JSON (its bytes read as latin-1, as the signed format's are), or nil
// when text is not such data or its hash does not verify with the key or
// a fallback key.
func (c Codec) legacyData(text string) []byte {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return nil // Django: UnicodeEncodeError, an empty session
		}
	}
	decoded, err := signing.B64DecodeStd(text)
	if err != nil {
		return nil
	}
	hash, serialized, ok := bytes.Cut(decoded, []byte{':'})
	if !ok {
		return nil
	}
	for _, key := range append([][]byte{c.Key}, c.FallbackKeys...) {
		mac, err := signing.SaltedHMAC(legacyKeySalt, string(serialized), key, "sha1")
		if err != nil {
			return nil
		}
		want := make([]byte, hex.EncodedLen(len(mac)))
		hex.Encode(want, mac)
		if subtle.ConstantTimeCompare(hash, want) == 1 {
			return latin1(serialized)
		}
	}
	return nil
}

// latin1 reads b as latin-1 and returns it in UTF-8.
func latin1(b []byte) []byte {
	var out []byte
	for i, ch := range b {
		if ch >= 0x80 && out == nil {
			out = append(make([]byte, 0, len(b)+8), b[:i]...)
		}
		if out == nil {
			continue
		}
		if ch < 0x80 {
			out = append(out, ch)
		} else {
			out = append(out, 0xc0|ch>>6, 0x80|ch&0x3f)
		}
	}
	if out == nil {
		return b
	}
	return out
}

// encodeOrdered writes a JSON object with keys in the given order and
// values in Python's style (see signing.EncodeJSON).
func encodeOrdered(order []string, values map[string]any) ([]byte, error) {
	return encodeOrderedRaw(order, values, nil)
}

// encodeOrderedRaw is encodeOrdered that writes a value holding objects
// from its JSON as loaded (raw) while the value is unchanged, so that
// nested objects keep their key order, as a Python dict does; a Go map
// would write them sorted.
func encodeOrderedRaw(order []string, values map[string]any, raw map[string]json.RawMessage) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := signing.EncodeJSON(k)
		buf.Write(kb)
		buf.WriteByte(':')
		var v any = values[k]
		if r, ok := raw[k]; ok && unchanged(r, v) {
			v = r
		}
		vb, err := signing.EncodeJSON(v)
		if err != nil {
			return nil, fmt.Errorf("session: value of %q: %w", k, err)
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// unchanged reports whether v is still the value raw decodes to.
func unchanged(raw json.RawMessage, v any) bool {
	cur, err := decodeValue(raw)
	return err == nil && reflect.DeepEqual(cur, v)
}

func decodeValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// decodeOrdered reads a JSON object, keeping its key order; numbers stay
// json.Number so that they are written back exactly.
func decodeOrdered(data []byte) ([]string, map[string]any, error) {
	order, values, _, err := decodeOrderedRaw(data)
	return order, values, err
}

// decodeOrderedRaw is decodeOrdered that also returns the JSON of each
// value holding an object, for encodeOrderedRaw.
func decodeOrderedRaw(data []byte) ([]string, map[string]any, map[string]json.RawMessage, error) {
	if order, values, ok := decodeFlat(data); ok {
		return order, values, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, nil, fmt.Errorf("session: data is not a JSON object")
	}
	var order []string
	values := map[string]any{}
	var raw map[string]json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, nil, err
		}
		k, _ := tok.(string)
		// The value is parsed once; its text, for raw, is the input
		// between the decoder's offsets (after the key: the colon and
		// any space, then the value).
		start := dec.InputOffset()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, nil, err
		}
		if _, dup := values[k]; !dup {
			order = append(order, k)
		}
		values[k] = v
		r := bytes.TrimLeft(data[start:dec.InputOffset()], " \t\r\n:")
		if len(r) > 0 && (r[0] == '{' || r[0] == '[') && bytes.IndexByte(r, '{') >= 0 {
			if raw == nil {
				raw = map[string]json.RawMessage{}
			}
			raw[k] = bytes.Clone(r)
		} else {
			delete(raw, k)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, nil, fmt.Errorf("session: trailing data")
	}
	return order, values, raw, nil
}

// decodeFlat is decodeOrdered's fast path for the usual session: a compact
// object of plain strings (no escapes), booleans and nulls, as Django and
// Djinn write the auth, CSRF and messages keys. It reports false for
// anything else, which the JSON decoder then reads. Keys and values share
// one copy of data.
func decodeFlat(data []byte) ([]string, map[string]any, bool) {
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' || !utf8.Valid(data) {
		return nil, nil, false
	}
	text := string(data)
	n := strings.Count(text, `":`) // at least the number of keys
	values := make(map[string]any, n)
	order := make([]string, 0, n)
	i := 1
	if text[i] == '}' {
		return nil, values, i == len(text)-1
	}
	for {
		k, n, ok := plainString(text[i:])
		if !ok || i+n >= len(text) || text[i+n] != ':' {
			return nil, nil, false
		}
		i += n + 1
		var v any
		rest := text[i:]
		switch {
		case strings.HasPrefix(rest, `"`):
			str, n, ok := plainString(rest)
			if !ok {
				return nil, nil, false
			}
			v, i = str, i+n
		case strings.HasPrefix(rest, "true"):
			v, i = true, i+4
		case strings.HasPrefix(rest, "false"):
			v, i = false, i+5
		case strings.HasPrefix(rest, "null"):
			v, i = nil, i+4
		default:
			return nil, nil, false
		}
		if _, dup := values[k]; !dup {
			order = append(order, k)
		}
		values[k] = v
		if i >= len(text) {
			return nil, nil, false
		}
		switch text[i] {
		case ',':
			i++
		case '}':
			return order, values, i == len(text)-1
		default:
			return nil, nil, false
		}
	}
}

// plainString reads a JSON string without escapes or control characters
// at the start of s, returning it and the bytes it took.
func plainString(s string) (string, int, bool) {
	if len(s) < 2 || s[0] != '"' {
		return "", 0, false
	}
	for j := 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return s[1:j], j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}
