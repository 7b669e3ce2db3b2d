//go:build !race

package httpx_test

const raceEnabled = false
