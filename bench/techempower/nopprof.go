//go:build !pprof

package main

import (
	"context"
	"fmt"
	"os"
)

// servePprof is a no-op without -tags pprof (see pprof.go).
func servePprof(_ context.Context, addr string) {
	fmt.Fprintf(os.Stderr, "techempower: TE_PPROF=%s ignored: build with -tags pprof\n", addr)
}
