package messages_test

import (
	"net/http/httptest"
	"testing"

	"github.com/djinn-go/djinn/messages"
)

// TestDefaultLevelsMadeOnce: the context processor shares one map of the
// default levels (no map per render), and a caller changing the map
// DefaultLevels returned does not change it.
func TestDefaultLevelsMadeOnce(t *testing.T) {
	mine := messages.DefaultLevels()
	mine["ERROR"] = 99
	delete(mine, "INFO")
	r := httptest.NewRequest("GET", "/", nil)
	levels, _ := messages.ContextProcessor(r)["DEFAULT_MESSAGE_LEVELS"].(map[string]messages.Level)
	if levels["ERROR"] != messages.LevelError || levels["INFO"] != messages.LevelInfo {
		t.Errorf("levels %v", levels)
	}
	// The processor's own map (and its messages sequence), no map of
	// levels: 5 allocations before.
	if allocs := testing.AllocsPerRun(100, func() { _ = messages.ContextProcessor(r) }); allocs > 2 {
		t.Errorf("ContextProcessor: %v allocations", allocs)
	}
}
