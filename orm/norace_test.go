//go:build !race

package orm_test

const raceEnabled = false
