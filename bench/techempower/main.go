package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/djinn-go/djinn"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "techempower:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string) error {
	port := getenv("PORT")
	if port == "" {
		port = "8080"
	}
	dsn := getenv("DATABASE_URL")
	if dsn == "" {
		dsn = "postgres://bench:bench@127.0.0.1:5432/bench"
	}
	poolSize := runtime.GOMAXPROCS(0) * 8
	if s := getenv("DB_POOL"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("DB_POOL=%q: want a positive integer", s)
		}
		poolSize = n
	}
	s := settings(dsn)
	// The pool's size, as go-raw's: DB_MAX_OPEN_CONNS sizes PostgreSQL's
	// pgxpool (and database/sql's layer over it).
	s.DBMaxOpenConns = poolSize
	app := newApp(s)
	defer app.Close()
	db, err := app.DB(ctx)
	if err != nil {
		return err
	}
	h, err := handler(app, routes(db, getenv("TE_UPDATES") != "save"), getenv("TE_STACK"))
	if err != nil {
		return err
	}
	if addr := getenv("TE_PPROF"); addr != "" {
		go servePprof(ctx, addr)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return err
	}
	app.Logger.Warn("techempower listening", "addr", ln.Addr().String(), "pool", poolSize,
		"gomaxprocs", runtime.GOMAXPROCS(0), "stack", getenv("TE_STACK"))
	return djinn.Serve(ctx, djinn.NewServer(app.Settings, h, app.Logger), ln, 5*time.Second)
}
