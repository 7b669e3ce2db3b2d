//go:build !race

package csrf

const raceEnabled = false
