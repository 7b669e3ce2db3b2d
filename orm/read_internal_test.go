package orm

import (
	"context"
	"errors"
	"testing"

	"github.com/djinn-go/djinn/orm/dialect"
)

// retryDialect answers IsRetryable; read calls nothing else of it.
type retryDialect struct {
	dialect.Dialect
	transient error
}

func (d retryDialect) IsRetryable(err error) bool { return errors.Is(err, d.transient) }

// flakyNative fails its first failures queries with err, then answers.
type flakyNative struct {
	failures, calls int
	err             error
}

func (n *flakyNative) QueryNative(ctx context.Context, q string, args []any) (dialect.Rows, error) {
	n.calls++
	if n.calls <= n.failures {
		return nil, n.err
	}
	return emptyRows{}, nil
}

type emptyRows struct{}

func (emptyRows) Next() bool                 { return false }
func (emptyRows) Scan(...any) error          { return nil }
func (emptyRows) Columns() ([]string, error) { return nil, nil }
func (emptyRows) Err() error                 { return nil }
func (emptyRows) Close() error               { return nil }

type countingObserver struct{ n int }

func (o *countingObserver) ObserveQuery(context.Context, QueryEvent) { o.n++ }

// The direct read path retries transient failures as the other paths do
// (up to db.retries times), reports each attempt once to the observer,
// and returns other errors at once.
func TestReadRetriesDirectPath(t *testing.T) {
	transient, other := errors.New("deadlock detected"), errors.New("syntax error")
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		failures  int
		err       error
		wantCalls int
		wantErr   error
	}{
		{"no failure", 0, transient, 1, nil},
		{"two transient failures", 2, transient, 3, nil},
		{"transient beyond the retries", 10, transient, 4, transient},
		{"not retryable", 2, other, 1, other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			native := &flakyNative{failures: tc.failures, err: tc.err}
			obs := &countingObserver{}
			db := &DB{d: retryDialect{transient: transient}, native: native, retries: 3, observer: obs}
			rows, err := db.read(ctx, "SELECT 1")
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil && rows == nil {
				t.Fatal("no rows")
			}
			if native.calls != tc.wantCalls {
				t.Errorf("%d queries, want %d", native.calls, tc.wantCalls)
			}
			if obs.n != native.calls {
				t.Errorf("%d queries observed, %d run", obs.n, native.calls)
			}
		})
	}
}
