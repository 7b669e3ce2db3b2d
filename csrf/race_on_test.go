//go:build race

package csrf

const raceEnabled = true
