//go:build race

package orm_test

const raceEnabled = true
