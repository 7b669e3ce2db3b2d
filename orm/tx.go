package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

type txState struct {
	tx       *sql.Tx
	root     *txState
	mu       sync.Mutex
	seq      int
	onCommit []func(context.Context)
}

func txFrom(ctx context.Context, db *DB) *txState {
	return txOf(ctx, db.sql)
}

// InTransaction reports whether ctx carries a transaction of db.
func (db *DB) InTransaction(ctx context.Context) bool { return txFrom(ctx, db) != nil }

// Atomic runs fn in a transaction carried by the context fn receives;
// every query made with that context runs on it. When fn returns an error
// or panics, the transaction rolls back; otherwise it commits and the
// OnCommit callbacks run. Nested calls create savepoints: a failing inner
// block rolls back only itself, and its error is returned to the outer fn
// to handle.
func (db *DB) Atomic(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	return db.AtomicWith(ctx, nil, fn)
}

// AtomicWith is Atomic with transaction options (isolation level,
// read-only) for the outermost transaction; nested calls ignore opts and
// use savepoints.
func (db *DB) AtomicWith(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context) error) (err error) {
	if outer := txFrom(ctx, db); outer != nil {
		return db.savepoint(ctx, outer, fn)
	}
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	var tx *sql.Tx
	err = db.retry(ctx, func() error {
		var e error
		tx, e = db.sql.BeginTx(ctx, opts)
		return e
	})
	if err != nil {
		return fmt.Errorf("orm: begin: %w", err)
	}
	st := &txState{tx: tx}
	st.root = st
	tctx := withValue(ctx, txKey{db.sql}, st)
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err = fn(tctx); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("orm: commit: %w", err)
	}
	for _, f := range st.onCommit {
		f(ctx)
	}
	return nil
}

func (db *DB) savepoint(ctx context.Context, outer *txState, fn func(ctx context.Context) error) (err error) {
	root := outer.root
	root.mu.Lock()
	root.seq++
	name := fmt.Sprintf("djinn_sp_%d", root.seq)
	root.mu.Unlock()
	if _, err := db.exec(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("orm: savepoint: %w", err)
	}
	inner := &txState{tx: outer.tx, root: root}
	ictx := withValue(ctx, txKey{db.sql}, inner)
	rollback := func() error {
		if _, err := db.exec(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
			return err
		}
		_, err := db.exec(ctx, "RELEASE SAVEPOINT "+name)
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = rollback()
			panic(p)
		}
	}()
	if err = fn(ictx); err != nil {
		if rerr := rollback(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if _, err := db.exec(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("orm: release savepoint: %w", err)
	}
	outer.mu.Lock()
	outer.onCommit = append(outer.onCommit, inner.onCommit...)
	outer.mu.Unlock()
	return nil
}

// OnCommit registers fn to run after the outermost transaction in ctx
// commits; callbacks of a rolled-back block (or savepoint) are dropped.
// Without a transaction fn runs at once. fn receives the context the
// outermost Atomic was called with.
func (db *DB) OnCommit(ctx context.Context, fn func(ctx context.Context)) {
	st := txFrom(ctx, db)
	if st == nil {
		fn(ctx)
		return
	}
	st.mu.Lock()
	st.onCommit = append(st.onCommit, fn)
	st.mu.Unlock()
}
