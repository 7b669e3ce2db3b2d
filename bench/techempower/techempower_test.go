package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm"
)

// fortuneRows are the harness's fortune rows.
var fortuneRows = []Fortune{
	{1, "fortune: No such file or directory"},
	{2, "A computer scientist is someone who fixes things that aren't broken."},
	{3, "After enough decimal places, nobody gives a damn."},
	{4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
	{5, "A computer program does what you tell it to do, not what you want it to do."},
	{6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
	{7, "Any program that runs right is obsolete."},
	{8, "A list is only as strong as its weakest link. — Donald Knuth"},
	{9, "Feature: A bug with seniority."},
	{10, "Computers make very fast, very accurate mistakes."},
	{11, `<script>alert("This should not be displayed in a browser alert box.");</script>`},
	{12, "フレームワークのベンチマーク"},
}

// wantFortunes is the exact page: the rows plus the one added at request
// time, sorted by message, escaped as Django escapes.
const wantFortunes = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>` +
	`<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>` +
	`<tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1</td></tr>` +
	`<tr><td>5</td><td>A computer program does what you tell it to do, not what you want it to do.</td></tr>` +
	`<tr><td>2</td><td>A computer scientist is someone who fixes things that aren&#x27;t broken.</td></tr>` +
	`<tr><td>8</td><td>A list is only as strong as its weakest link. — Donald Knuth</td></tr>` +
	`<tr><td>0</td><td>Additional fortune added at request time.</td></tr>` +
	`<tr><td>3</td><td>After enough decimal places, nobody gives a damn.</td></tr>` +
	`<tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>` +
	`<tr><td>10</td><td>Computers make very fast, very accurate mistakes.</td></tr>` +
	`<tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen</td></tr>` +
	`<tr><td>9</td><td>Feature: A bug with seniority.</td></tr>` +
	`<tr><td>1</td><td>fortune: No such file or directory</td></tr>` +
	`<tr><td>12</td><td>フレームワークのベンチマーク</td></tr>` +
	`</table></body></html>`

// noDB builds the app's handler with no database: only /json works.
func noDB(t testing.TB, stack string) http.Handler {
	t.Helper()
	app := newApp(settings("postgres://bench:bench@127.0.0.1:1/none"))
	h, err := handler(app, routes(nil, false), stack)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(h http.Handler, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "127.0.0.1:8080"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestJSON(t *testing.T) {
	for _, stack := range []string{"", stackProduction, stackFull, stackBare} {
		t.Run("stack="+stack, func(t *testing.T) {
			rec := get(noDB(t, stack), "/json")
			if rec.Code != http.StatusOK || rec.Body.String() != `{"message":"Hello, World!"}` {
				t.Fatalf("got %d %q", rec.Code, rec.Body.String())
			}
			if got := rec.Header().Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q", got)
			}
		})
	}
}

// TestProductionStack checks the production stack does what it is kept
// for: host validation and the security and clickjacking headers.
func TestProductionStack(t *testing.T) {
	h := noDB(t, stackProduction)
	rec := get(h, "/json")
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
	} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/json", nil)
	req.Host = "evil.example"
	bad := httptest.NewRecorder()
	h.ServeHTTP(bad, req)
	if bad.Code != http.StatusBadRequest {
		t.Errorf("disallowed host: status %d, want 400", bad.Code)
	}
	if rec := get(h, "/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown path: status %d, want 404", rec.Code)
	}
}

func TestUnknownStack(t *testing.T) {
	app := newApp(settings("postgres://bench:bench@127.0.0.1:1/none"))
	if _, err := handler(app, routes(nil, false), "tiny"); !errors.Is(err, ErrStack) {
		t.Fatalf("err = %v, want ErrStack", err)
	}
}

func TestQueriesParam(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"", 1}, {"queries=", 1}, {"queries=foo", 1}, {"queries=0", 1}, {"queries=-3", 1},
		{"queries=1", 1}, {"queries=20", 20}, {"queries=500", 500}, {"queries=501", 500},
		{"queries=99999999999999999999", 1},
	} {
		r := httptest.NewRequest(http.MethodGet, "/queries?"+tc.q, nil)
		if got := queriesParam(r); got != tc.want {
			t.Errorf("%q: got %d, want %d", tc.q, got, tc.want)
		}
	}
}

// pgApp builds the production handler over a fresh schema of the
// DJINN_TEST_POSTGRES server holding the harness's tables (skipped when
// the variable is unset).
// lastPGDSN is the DSN of pgApp's last database (its schema on the
// search_path), for benchmarks that query it without Djinn.
var lastPGDSN string

func pgApp(t testing.TB, stack string, bulk bool) (http.Handler, *orm.DB) {
	t.Helper()
	dsn := os.Getenv("DJINN_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("DJINN_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("te_%d", time.Now().UnixNano())
	admin := newApp(settings(dsn))
	adb, err := admin.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	setup := []string{
		"CREATE SCHEMA " + schema,
		"CREATE TABLE " + schema + ".world (id integer PRIMARY KEY, randomnumber integer NOT NULL DEFAULT 0)",
		"INSERT INTO " + schema + ".world SELECT x, 1 + (x * 7919) % 10000 FROM generate_series(1, 10000) AS x",
		"CREATE TABLE " + schema + ".fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)",
	}
	for _, f := range fortuneRows {
		setup = append(setup, fmt.Sprintf("INSERT INTO %s.fortune VALUES (%d, '%s')", schema, f.ID, strings.ReplaceAll(f.Message, "'", "''")))
	}
	for _, q := range setup {
		if _, err := adb.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		if _, err := adb.SQL().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	lastPGDSN = u.String()
	app := newApp(settings(u.String()))
	t.Cleanup(func() { app.Close() })
	db, err := app.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().SetMaxIdleConns(8)
	h, err := handler(app, routes(db, bulk), stack)
	if err != nil {
		t.Fatal(err)
	}
	return h, db
}

func decodeWorlds(t *testing.T, body []byte) []World {
	t.Helper()
	var ws []World
	if err := json.Unmarshal(body, &ws); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return ws
}

var worldJSON = regexp.MustCompile(`^\{"id":\d+,"randomNumber":\d+\}$`)

func TestEndpoints(t *testing.T) {
	h, db := pgApp(t, stackProduction, false)

	rec := get(h, "/db")
	if rec.Code != http.StatusOK || !worldJSON.MatchString(rec.Body.String()) {
		t.Fatalf("/db: %d %s", rec.Code, rec.Body)
	}

	for q, want := range map[string]int{"20": 20, "foo": 1, "0": 1, "501": 500} {
		rec := get(h, "/queries?queries="+q)
		if rec.Code != http.StatusOK {
			t.Fatalf("/queries?queries=%s: %d %s", q, rec.Code, rec.Body)
		}
		ws := decodeWorlds(t, rec.Body.Bytes())
		if len(ws) != want {
			t.Fatalf("/queries?queries=%s: %d rows, want %d", q, len(ws), want)
		}
		for _, w := range ws {
			if w.ID < 1 || w.ID > 10000 || w.RandomNumber != 1+(w.ID*7919)%10000 {
				t.Fatalf("/queries: wrong row %+v", w)
			}
		}
	}

	rec = get(h, "/fortunes")
	if rec.Code != http.StatusOK || rec.Body.String() != wantFortunes {
		t.Fatalf("/fortunes: %d\n%s\nwant\n%s", rec.Code, rec.Body, wantFortunes)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("/fortunes Content-Type = %q", got)
	}

	checkUpdates(t, h, db)
}

// TestUpdatesBulk checks /updates as the benchmark runs it: the batch
// written with one BulkUpdate.
func TestUpdatesBulk(t *testing.T) {
	h, db := pgApp(t, stackProduction, true)
	checkUpdates(t, h, db)
}

func checkUpdates(t *testing.T, h http.Handler, db *orm.DB) {
	t.Helper()
	ctx := context.Background()
	rec := get(h, "/updates?queries=50")
	if rec.Code != http.StatusOK {
		t.Fatalf("/updates: %d %s", rec.Code, rec.Body)
	}
	ws := decodeWorlds(t, rec.Body.Bytes())
	if len(ws) != 50 {
		t.Fatalf("/updates: %d rows", len(ws))
	}
	// Every row now holds the last number the response gave it.
	last := map[int32]int32{}
	for _, w := range ws {
		last[w.ID] = w.RandomNumber
	}
	for id, n := range last {
		got, err := orm.Objects[World](db).Get(ctx, orm.Q{"pk": id})
		if err != nil {
			t.Fatal(err)
		}
		if got.RandomNumber != n {
			t.Errorf("world %d: randomnumber %d in the database, %d in the response", id, got.RandomNumber, n)
		}
	}
}

// TestUpdatesConcurrent runs overlapping update batches, with Save per
// row and with BulkUpdate: sorted, de-duplicated batches must not
// deadlock.
func TestUpdatesConcurrent(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		t.Run(fmt.Sprint("bulk=", bulk), func(t *testing.T) {
			h, _ := pgApp(t, stackProduction, bulk)
			errs := make(chan string, 8)
			for range 8 {
				go func() {
					for range 10 {
						if rec := get(h, "/updates?queries=100"); rec.Code != http.StatusOK {
							errs <- fmt.Sprintf("%d %s", rec.Code, rec.Body)
							return
						}
					}
					errs <- ""
				}()
			}
			for range 8 {
				if e := <-errs; e != "" {
					t.Error(e)
				}
			}
		})
	}
}

// The benchmarks run each endpoint through the production stack (and
// /json through every stack), in process, so `go test -bench` profiles
// Djinn's side alone: go test -bench . -benchmem -cpuprofile cpu.out.
func benchGet(b *testing.B, h http.Handler, target string) {
	b.ReportAllocs()
	for b.Loop() {
		if rec := get(h, target); rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
}

func BenchmarkJSON(b *testing.B) {
	for _, stack := range []string{stackBare, stackProduction, stackFull} {
		b.Run("stack="+stack, func(b *testing.B) { benchGet(b, noDB(b, stack), "/json") })
	}
}

func BenchmarkEndpoints(b *testing.B) {
	h, _ := pgApp(b, stackProduction, true)
	for _, target := range []string{"/db", "/queries?queries=20", "/fortunes", "/updates?queries=20"} {
		b.Run("url="+target, func(b *testing.B) { benchGet(b, h, target) })
	}
}
