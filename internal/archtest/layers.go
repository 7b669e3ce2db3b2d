package archtest

import "strings"

// Module is the module path.
const Module = "github.com/djinn-go/djinn"

// layers lists the framework's packages from the lowest layer up; a
// package may import packages of its own layer or lower ones, never higher.
// A path ending in "/..." covers the folder and everything below it.
var layers = [][]string{
	// 0: settings and private helpers: standard library only.
	{"conf", "internal/..."},
	// 1: leaf building blocks (cli is the command dispatcher: standard library only).
	{"signing", "check", "httpx", "deadline", "template/value", "auth/hashers", "auth/hashers/...", "mail", "cli"},
	// 2: core subsystems.
	{"urls", "template/...", "orm/...", "cache/...", "paginator", "upload", "static"},
	// 3: request machinery built on the core.
	{"middleware", "csrf", "session/...", "forms", "forms/...", "migrate/...", "tasks/...", "messages", "views", "views/...", "contenttypes", "contenttypes/..."},
	// 4: identity.
	{"auth", "auth/..."},
	// 5: the admin.
	{"admin/..."},
	// 6: the root package that wires everything.
	{""},
	// 7: users of the whole framework.
	{"djinntest/...", "cmd/...", "examples/...", "bench/...", "securitytest/..."},
}

// Layer returns the layer of a package path relative to the module ("" for
// the root), and whether it is listed. The most specific entry wins.
func Layer(rel string) (int, bool) {
	best, bestLen, found := 0, -1, false
	for i, group := range layers {
		for _, p := range group {
			var ok bool
			var n int
			if base, isTree := strings.CutSuffix(p, "/..."); isTree {
				ok = rel == base || strings.HasPrefix(rel, base+"/")
				n = len(base)
			} else {
				ok = rel == p
				n = len(p) + 1 // an exact entry beats a tree of the same length
			}
			if ok && n > bestLen {
				best, bestLen, found = i, n, true
			}
		}
	}
	return best, found
}
