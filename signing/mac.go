package signing

import (
	"bytes"
	"crypto/hmac"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// Verifying a signature is on every request that carries a signed session
// cookie, so the HMAC states are reused rather than rebuilt: a macEntry
// holds, for one (algorithm, key salt, secret), Django's derived key
// H(keySalt + secret) baked into a pool of HMAC states. Reset restores an
// HMAC state to "key absorbed" without hashing the key again.
//
// Entries live in a process-wide cache bounded at maxMACEntries; past the
// bound, new combinations are computed without caching (correct, only
// slower). The cache holds the same secret material the Signers it serves
// hold; an entry is found by comparing the full secret and salt, never by
// hash alone.

const maxMACEntries = 512

type macEntry struct {
	alg     string
	keySalt string
	secret  []byte
	pool    sync.Pool // *macState
}

// macState is one reusable HMAC with room for its output, so that Sum and
// base64 need no allocation.
type macState struct {
	mac     hash.Hash
	scratch [128]byte
	sum     [64]byte
	text    [88]byte
}

var (
	macSeed  = maphash.MakeSeed()
	macMu    sync.Mutex // serialises inserts
	macCount int        // guarded by macMu
	macTable atomic.Pointer[map[uint64][]*macEntry]
)

func macHash(alg, salt1, salt2 string, secret []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(macSeed)
	h.WriteString(alg)
	h.WriteByte(0)
	h.WriteString(salt1)
	h.WriteString(salt2)
	h.WriteByte(0)
	h.Write(secret)
	return h.Sum64()
}

func (e *macEntry) matches(alg, salt1, salt2 string, secret []byte) bool {
	return e.alg == alg && len(e.keySalt) == len(salt1)+len(salt2) &&
		e.keySalt[:len(salt1)] == salt1 && e.keySalt[len(salt1):] == salt2 &&
		bytes.Equal(e.secret, secret)
}

// macFor returns the entry for HMACs keyed with H(salt1 + salt2 + secret).
func macFor(algorithm, salt1, salt2 string, secret []byte) (*macEntry, error) {
	if algorithm == "" {
		algorithm = DefaultAlgorithm
	}
	hf, err := hashFunc(algorithm)
	if err != nil {
		return nil, err
	}
	sum := macHash(algorithm, salt1, salt2, secret)
	if t := macTable.Load(); t != nil {
		for _, e := range (*t)[sum] {
			if e.matches(algorithm, salt1, salt2, secret) {
				return e, nil
			}
		}
	}
	kh := hf()
	kh.Write([]byte(salt1))
	kh.Write([]byte(salt2))
	kh.Write(secret)
	key := kh.Sum(nil)
	e := &macEntry{alg: algorithm, keySalt: salt1 + salt2, secret: bytes.Clone(secret)}
	e.pool.New = func() any { return &macState{mac: hmac.New(hf, key)} }

	macMu.Lock()
	defer macMu.Unlock()
	old := macTable.Load()
	if old != nil {
		for _, c := range (*old)[sum] {
			if c.matches(algorithm, salt1, salt2, secret) {
				return c, nil // another goroutine was first
			}
		}
	}
	if macCount >= maxMACEntries {
		return e, nil
	}
	next := make(map[uint64][]*macEntry, macCount+1)
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	next[sum] = append(append([]*macEntry(nil), next[sum]...), e)
	macTable.Store(&next)
	macCount++
	return e, nil
}

// get returns a state ready for the value to sign.
func (e *macEntry) get() *macState {
	st := e.pool.Get().(*macState)
	st.mac.Reset()
	return st
}

func (e *macEntry) put(st *macState) { e.pool.Put(st) }

// writeString feeds s to the HMAC without converting it to a []byte.
func (st *macState) writeString(s string) {
	for len(s) > 0 {
		n := copy(st.scratch[:], s)
		st.mac.Write(st.scratch[:n])
		s = s[n:]
	}
}

// digest returns the HMAC of what was written; valid until the state is
// put back.
func (st *macState) digest() []byte { return st.mac.Sum(st.sum[:0]) }

// b64 returns the URL-safe base64 of the HMAC, in the state's storage.
func (st *macState) b64() []byte {
	d := st.digest()
	n := base64.RawURLEncoding.EncodedLen(len(d))
	base64.RawURLEncoding.Encode(st.text[:n], d)
	return st.text[:n]
}

// equalText compares a and b in time that depends only on their lengths.
func equalText(a string, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := range b {
		v |= a[i] ^ b[i]
	}
	return subtle.ConstantTimeByteEq(v, 0) == 1
}
