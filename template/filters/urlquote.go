package filters

import (
	"net/netip"
	"strings"

	"github.com/djinn-go/djinn/internal/pyutf8"
)

// unquote decodes %XX escapes like Python's urllib.parse.unquote: the
// bytes are read as UTF-8 with each maximal subpart of an ill-formed
// sequence replaced by U+FFFD (internal/pyutf8), and
// malformed escapes are kept as they are.
func unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var raw []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			raw = append(raw, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		raw = append(raw, s[i])
	}
	return pyutf8.Decode(string(raw))
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// unquoteQuote re-quotes an URL part so that it is fully and only once
// percent-encoded, keeping RFC 3986's delimiters.
func unquoteQuote(s string) string {
	return quote(unquote(s), "!$&'()*+,;=:/?#[]@~")
}

func quotePlus(s string) string {
	return strings.ReplaceAll(quote(s, " "), " ", "+")
}

// urlParts is the result of splitting an URL like Python's urlsplit.
type urlParts struct {
	scheme, netloc, path, query, fragment string
}

func isSchemeChar(c byte, first bool) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	return !first && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')
}

// urlSplit splits u into scheme, network location, path, query and
// fragment; ok is false for a bracket mismatch in the network location.
func urlSplit(u string) (urlParts, bool) {
	var p urlParts
	if i := strings.IndexByte(u, ':'); i > 0 {
		valid := true
		for k := 0; k < i; k++ {
			if !isSchemeChar(u[k], k == 0) {
				valid = false
				break
			}
		}
		if valid {
			p.scheme, u = strings.ToLower(u[:i]), u[i+1:]
		}
	}
	if strings.HasPrefix(u, "//") {
		rest := u[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		p.netloc, u = rest[:end], rest[end:]
		open, closed := strings.Contains(p.netloc, "["), strings.Contains(p.netloc, "]")
		if open != closed {
			return p, false
		}
		if open {
			// Python checks that a bracketed host is an IP address.
			_, rest, _ := strings.Cut(p.netloc, "[")
			host, _, _ := strings.Cut(rest, "]")
			host, _, _ = strings.Cut(host, "%")
			if ip, err := netip.ParseAddr(host); err != nil || !ip.Is6() {
				if !strings.HasPrefix(host, "v") && !strings.HasPrefix(host, "V") {
					return p, false
				}
			}
		}
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, p.fragment = u[:i], u[i+1:]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u, p.query = u[:i], u[i+1:]
	}
	p.path = u
	return p, true
}

func (p urlParts) String() string {
	u := p.path
	if p.netloc != "" || (p.scheme != "" && !strings.HasPrefix(u, "//") && usesNetloc(p.scheme)) {
		if u != "" && u[0] != '/' {
			u = "/" + u
		}
		u = "//" + p.netloc + u
	}
	if p.scheme != "" {
		u = p.scheme + ":" + u
	}
	if p.query != "" {
		u += "?" + p.query
	}
	if p.fragment != "" {
		u += "#" + p.fragment
	}
	return u
}

func usesNetloc(scheme string) bool {
	switch scheme {
	case "http", "https", "ftp", "ws", "wss", "file", "git", "svn", "sftp", "telnet", "nntp", "rsync", "nfs":
		return true
	}
	return false
}

// smartURLQuote quotes an URL that may already be partly quoted: the host
// is converted to IDNA, the query's names and values are decoded and
// re-encoded, and path and fragment are re-quoted.
func smartURLQuote(u string) string {
	p, ok := urlSplit(u)
	if !ok {
		return unquoteQuote(u)
	}
	host, err := punycode(p.netloc)
	if err != nil {
		return unquoteQuote(u)
	}
	p.netloc = host
	if p.query != "" {
		var pairs []string
		for _, part := range strings.Split(p.query, "&") {
			if part == "" {
				continue
			}
			k, v, _ := strings.Cut(part, "=")
			k = unquote(unquote(strings.ReplaceAll(k, "+", " ")))
			v = unquote(unquote(strings.ReplaceAll(v, "+", " ")))
			pairs = append(pairs, quotePlus(k)+"="+quotePlus(v))
		}
		p.query = strings.Join(pairs, "&")
	}
	p.path = unquoteQuote(p.path)
	p.fragment = unquoteQuote(p.fragment)
	return p.String()
}
