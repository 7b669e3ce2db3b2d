package postgres

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm/dialect"
)

// Replacing the pool (DB.SetPool) while queries run fails none of them:
// an acquisition that met the old pool closing is made again from the new
// one, on the direct path and through database/sql.
func TestConfigurePoolWhileInUse(t *testing.T) {
	db := openTest(t)
	n := db.Driver().(*pool)
	nq := db.Driver().(dialect.NativeQuerier)
	var (
		wg     sync.WaitGroup
		stop   atomic.Bool
		failed atomic.Int32
		first  atomic.Value
	)
	fail := func(err error) {
		if failed.Add(1) == 1 {
			first.Store(err)
		}
	}
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if i%2 == 0 {
					rows, err := nq.QueryNative(context.Background(), "SELECT 1", nil)
					if err != nil {
						fail(err)
						continue
					}
					for rows.Next() {
					}
					rows.Close()
				} else {
					var v int
					if err := db.QueryRowContext(context.Background(), "SELECT 1").Scan(&v); err != nil {
						fail(err)
					}
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	for i := range 30 {
		time.Sleep(3 * time.Millisecond)
		if err := n.ConfigurePool(dialect.PoolConfig{MaxOpen: 5 + i}); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if k := failed.Load(); k != 0 {
		t.Fatalf("%d queries failed while the pool was replaced; first: %v", k, first.Load())
	}
}
