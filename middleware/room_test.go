package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

var roomExt = httpx.NewExt()

type roomHook struct{}

func (roomHook) BeforeHeader(_ *httpx.Scope, _ http.ResponseWriter, status int) int { return status }

// Renderers makes the request's record with the extensions' room once a
// request showed that the stack below enters one (sessions, CSRF,
// messages, authentication): the record, its room and the request copy
// are then two allocations, not three; a stack without extensions keeps
// the small record.
func TestRenderersMakesRoomForExtensions(t *testing.T) {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	withExt := Renderers(nil, nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, roomExt, roomHook{})
		view.ServeHTTP(w, r)
		sc.Finish(roomExt)
	}))
	plain := Renderers(nil, nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sc := httpx.ScopeFrom(r.Context()); sc == nil || sc.Entered() {
			t.Error("plain stack: no scope, or one entered")
		}
		view.ServeHTTP(w, r)
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	plain.ServeHTTP(w, req)
	if plain.(*renderers).room.Load() {
		t.Error("a stack without extensions makes their room")
	}
	withExt.ServeHTTP(w, req) // learns
	if !withExt.(*renderers).room.Load() {
		t.Fatal("a stack with an extension does not make its room")
	}
	if testing.Short() || raceEnabled {
		return
	}
	if n := testing.AllocsPerRun(100, func() { withExt.ServeHTTP(w, req) }); n > 2 {
		t.Errorf("with an extension: %v allocations, want 2 (the record with its room, the request copy)", n)
	}
}
