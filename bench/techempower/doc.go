// Command techempower is the TechEmpower-style benchmark application
// written the way a Djinn user writes one: a djinn.App with one installed
// app (models, a Django-language template), views that use only the ORM,
// httpx.JSON and httpx.Render, and a production middleware stack.
//
// The five endpoints are /json, /db, /queries?queries=N, /fortunes and
// /updates?queries=N (N clamped to 1..500, junk → 1), over the tables
// "world" (id, randomnumber) and "fortune" (id, message) of the shared
// harness (/work/shared/bench/data/pg.sql).
//
// Environment:
//
//	PORT          port to listen on, on 127.0.0.1 (default 8080)
//	DATABASE_URL  the PostgreSQL database (postgres://bench:bench@127.0.0.1:5432/bench)
//	DB_POOL       connections in the pool (default GOMAXPROCS×8, as go-raw)
//	TE_STACK      middleware: "production" (default) — MIDDLEWARE is
//	              security, clickjacking, limits, after the App's always-on
//	              renderers, request id, access log, recovery and host
//	              validation; "full" — the default MIDDLEWARE (sessions in
//	              signed cookies, CSRF, messages, conditional GET, …);
//	              "bare" — the URLconf alone (no /fortunes)
//	TE_UPDATES    "bulk" (default): /updates writes the batch with one
//	              QuerySet.BulkUpdate (one statement, as go-raw's);
//	              "save": one orm.Save per row
//	TE_PPROF      address of an opt-in net/http/pprof listener, e.g.
//	              127.0.0.1:6060 (off when empty); only in a binary built
//	              with -tags pprof, as profile.sh builds it
//
// Build with bench/techempower/build.sh (the binary goes to bin/techempower
// at the project root), then from the project root:
//
//	../shared/bench/run.sh go-gin --target 'djinn=exec "$PROJECT_DIR"/bin/techempower'
//
// cpucost.sh measures the server's CPU time per request under the same
// load (steadier than requests per second on a shared machine);
// profile.sh captures pprof CPU and allocation profiles through TE_PPROF
// while wrk runs. Results and profiles are in docs/performance.md.
package main
