//go:build !race

package djinn_test

const raceEnabled = false
