package postgres

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// This file is the shortest form of the direct read path: when the pool
// prepares and caches statements (pgx's default mode), a read runs on
// the connection's pgconn with a statement this file prepared and keeps
// per connection, its arguments encoded here, and the result formats
// worked out once per statement. It skips what pgx.Conn.Query does for
// every query (its statement cache, the type map's encode plans, the
// result formats chosen per column by OID, the pgx.Rows) and reads the
// same bytes. Arguments it does not encode itself, in types where its
// encoding could differ from pgx's (times, numerics, arrays, anything
// that is not a plain Go number, string, bool or []byte into a matching
// column type), go through pgx.Conn.Query as before, and so does any
// statement it cannot prepare (pgx then reports the error).

// stmtStateKey is the key of a connection's *stmtState in its pgconn's
// CustomData.
const stmtStateKey = "djinn.direct"

// maxDirectStatements bounds the statements the direct path keeps
// prepared on one connection (pgx's own cache holds 512); past it, the
// oldest is deallocated.
const maxDirectStatements = 256

// maxKeptBuffer is the largest argument buffer a connection keeps
// between queries.
const maxKeptBuffer = 64 << 10

// stmtState is the direct path's state of one connection. Only the
// goroutine that acquired the connection uses it.
type stmtState struct {
	stmts map[string]*directStmt
	order []string // the statements' SQL, oldest first
	seq   uint64   // numbers the statements' names
	// scratch for one query's parameters
	buf     []byte
	offs    []int
	params  [][]byte
	formats []int16
}

// directStmt is a statement prepared on one connection.
type directStmt struct {
	desc          *pgconn.StatementDescription
	resultFormats []int16
	// pgx: the statement's arguments could not be encoded here, so it was
	// deallocated and is left to pgx on this connection (desc is nil);
	// pgx would otherwise prepare a second copy of it on every call's
	// fallback.
	pgx bool
}

// stateOf returns pc's direct-path state, adding it on first use; nil
// when the connection has no custom data to keep it in (one pgconn did
// not connect itself).
func stateOf(pc *pgconn.PgConn) *stmtState {
	data := pc.CustomData()
	if st, ok := data[stmtStateKey].(*stmtState); ok {
		return st
	}
	if data == nil {
		return nil
	}
	st := &stmtState{stmts: make(map[string]*directStmt)}
	data[stmtStateKey] = st
	return st
}

// forgetStatements empties pc's direct-path statement cache, for when
// the statements were deallocated on the server (DEALLOCATE ALL after
// DDL).
func forgetStatements(pc *pgconn.PgConn) {
	if st, ok := pc.CustomData()[stmtStateKey].(*stmtState); ok {
		clear(st.stmts)
		st.order = st.order[:0]
	}
}

// statement returns query's statement on pc, preparing it the first time.
func (st *stmtState) statement(ctx context.Context, pc *pgconn.PgConn, query string) (*directStmt, error) {
	if s := st.stmts[query]; s != nil {
		return s, nil
	}
	if len(st.order) >= maxDirectStatements {
		oldest := st.order[0]
		if d := st.stmts[oldest].desc; d != nil {
			if err := pc.Deallocate(ctx, d.Name); err != nil {
				return nil, err
			}
		}
		delete(st.stmts, oldest)
		st.order = append(st.order[:0], st.order[1:]...)
	}
	st.seq++
	desc, err := pc.Prepare(ctx, "djinn_"+strconv.FormatUint(st.seq, 10), query, nil)
	if err != nil {
		return nil, err
	}
	s := &directStmt{desc: desc, resultFormats: make([]int16, len(desc.Fields))}
	for i, f := range desc.Fields {
		s.resultFormats[i] = binaryFormats[f.DataTypeOID]
	}
	st.stmts[query] = s
	st.order = append(st.order, query)
	return s, nil
}

// drop deallocates query's statement and forgets it (its plan went
// stale, or the server no longer has it).
func (st *stmtState) drop(ctx context.Context, pc *pgconn.PgConn, query string) error {
	s := st.stmts[query]
	if s == nil {
		return nil
	}
	delete(st.stmts, query)
	for i, q := range st.order {
		if q == query {
			st.order = append(st.order[:i], st.order[i+1:]...)
			break
		}
	}
	if s.desc == nil {
		return nil
	}
	return pc.Deallocate(ctx, s.desc.Name)
}

// Parameter type OIDs the direct path encodes (besides those of native.go).
const (
	oidUnknown = 705
	oidJSON    = 114
	oidJSONB   = 3802
	oidXML     = 142
)

// encode encodes args for the statement's parameter types into st's
// scratch; false means an argument it leaves to pgx.
func (st *stmtState) encode(oids []uint32, args []any) bool {
	if len(oids) != len(args) {
		return false
	}
	// buf is never nil: an empty value must be a non-nil empty slice (nil
	// is sent as NULL). A buffer grown by a large value is not kept.
	if st.buf == nil || cap(st.buf) > maxKeptBuffer {
		st.buf = make([]byte, 0, 256)
	}
	st.buf, st.offs = st.buf[:0], st.offs[:0]
	st.formats = st.formats[:0]
	for i, a := range args {
		start := len(st.buf)
		var format int16
		switch v := a.(type) {
		case nil:
			start = -1
		case int64:
			if !st.appendInt(oids[i], v) {
				return false
			}
			format = 1
		case int:
			if !st.appendInt(oids[i], int64(v)) {
				return false
			}
			format = 1
		case int32:
			if !st.appendInt(oids[i], int64(v)) {
				return false
			}
			format = 1
		case string:
			switch oids[i] {
			case oidText, oidVarchar, oidBpchar, oidName, oidUnknown, oidJSON, oidJSONB, oidXML, oidUUID:
			default:
				return false
			}
			st.buf = append(st.buf, v...)
		case bool:
			if oids[i] != oidBool {
				return false
			}
			b := byte(0)
			if v {
				b = 1
			}
			st.buf = append(st.buf, b)
			format = 1
		case float64:
			if oids[i] != oidFloat8 {
				return false
			}
			st.buf = binary.BigEndian.AppendUint64(st.buf, math.Float64bits(v))
			format = 1
		case []byte:
			if oids[i] != oidBytea {
				return false
			}
			if v == nil {
				start = -1
				break
			}
			st.buf = append(st.buf, v...)
			format = 1
		default:
			return false
		}
		// Where the value starts and ends in buf (-1: NULL).
		st.offs = append(st.offs, start, len(st.buf))
		st.formats = append(st.formats, format)
	}
	st.params = st.params[:0]
	for i := 0; i < len(st.offs); i += 2 {
		start, end := st.offs[i], st.offs[i+1]
		if start < 0 {
			st.params = append(st.params, nil)
			continue
		}
		st.params = append(st.params, st.buf[start:end:end])
	}
	return true
}

// appendInt appends v in binary as the integer type oid; false when oid
// is not an integer type or v does not fit it (pgx then reports it).
func (st *stmtState) appendInt(oid uint32, v int64) bool {
	switch oid {
	case oidInt8:
		st.buf = binary.BigEndian.AppendUint64(st.buf, uint64(v))
	case oidInt4:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return false
		}
		st.buf = binary.BigEndian.AppendUint32(st.buf, uint32(v))
	case oidInt2:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return false
		}
		st.buf = binary.BigEndian.AppendUint16(st.buf, uint16(v))
	default:
		return false
	}
	return true
}

// errNotDirect: the direct path leaves the query to pgx.Conn.Query.
var errNotDirect = errors.New("postgres: not on the direct path")

// prepared returns query's statement on c with args encoded into st's
// scratch; errNotDirect means the direct path leaves the query to pgx (an
// argument it does not encode, or a statement it could not prepare: pgx
// then reports the error).
func (st *stmtState) prepared(ctx context.Context, c *pgconn.PgConn, query string, args []any) (*directStmt, error) {
	s, err := st.statement(ctx, c, query)
	if err != nil {
		if c.IsClosed() {
			return nil, err
		}
		return nil, errNotDirect
	}
	if s.pgx {
		return nil, errNotDirect
	}
	if !st.encode(s.desc.ParamOIDs, args) {
		// pgx prepares the statement itself: free this copy, and leave
		// the statement to pgx on this connection from now on.
		if err := c.Deallocate(ctx, s.desc.Name); err != nil && c.IsClosed() {
			return nil, err
		}
		s.desc, s.resultFormats, s.pgx = nil, nil, true
		return nil, errNotDirect
	}
	return s, nil
}

// retryable reports whether a statement that failed with err should be
// prepared again and run once more: its plan went stale, or the server
// no longer has it. The first attempt failed before running.
func retryable(err error) bool { return stalePlan(err) || missingStatement(err) }

// queryDirect runs query on pc with a statement of its own; errNotDirect
// means it did not run and pgx must. A statement whose plan went stale,
// or that the server no longer has, is prepared again and run once more.
func queryDirect(ctx context.Context, pc *pgxpool.Conn, query string, args []any) (*directRows, error) {
	c := pc.Conn().PgConn()
	st := stateOf(c)
	if st == nil {
		return nil, errNotDirect
	}
	for attempt := 0; ; attempt++ {
		s, err := st.prepared(ctx, c, query, args)
		if err != nil {
			return nil, err
		}
		rr := c.ExecStatement(ctx, s.desc, st.params, st.formats, s.resultFormats)
		if rr.NextRow() {
			return &directRows{pc: pc, rr: rr, primed: true, has: true}, nil
		}
		if _, err = rr.Close(); err == nil {
			return &directRows{pc: pc, rr: rr, primed: true, done: true}, nil
		}
		if attempt > 0 || !retryable(err) {
			return nil, err
		}
		if st.drop(ctx, c, query) != nil {
			return nil, err // the first error says more
		}
	}
}

// execDirect runs query on c as queryDirect does, discarding any rows, and
// returns the number of rows it affected.
func execDirect(ctx context.Context, c *pgconn.PgConn, query string, args []any) (int64, error) {
	st := stateOf(c)
	if st == nil {
		return 0, errNotDirect
	}
	for attempt := 0; ; attempt++ {
		s, err := st.prepared(ctx, c, query, args)
		if err != nil {
			return 0, err
		}
		tag, err := c.ExecStatement(ctx, s.desc, st.params, st.formats, s.resultFormats).Close()
		if err == nil {
			return tag.RowsAffected(), nil
		}
		if attempt > 0 || !retryable(err) {
			return 0, err
		}
		if st.drop(ctx, c, query) != nil {
			return 0, err // the first error says more
		}
	}
}

// missingStatement reports SQLSTATE 26000: the server has no prepared
// statement of that name (a DEALLOCATE ALL run by other code).
func missingStatement(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "26000"
}

// directRows is a result set of queryDirect; Close releases its
// connection.
type directRows struct {
	pc *pgxpool.Conn
	rr *pgconn.ResultReader
	// primed: the first row was read already (has: there was one).
	primed, has bool
	done        bool // rr is closed; err is its error
	err         error
}

func (r *directRows) Next() bool {
	if r.primed {
		r.primed = false
		return r.has
	}
	if r.done {
		return false
	}
	if r.rr.NextRow() {
		return true
	}
	r.finish()
	return false
}

// finish closes the result reader and keeps its error.
func (r *directRows) finish() {
	if !r.done {
		_, r.err = r.rr.Close()
		r.done = true
	}
}

func (r *directRows) Err() error { return r.err }

func (r *directRows) Close() error {
	if r.pc == nil {
		return r.err
	}
	r.finish()
	r.has, r.primed = false, false
	r.pc.Release()
	r.pc = nil
	return r.err
}

func (r *directRows) Columns() ([]string, error) {
	fds := r.rr.FieldDescriptions()
	cols := make([]string, len(fds))
	for i, fd := range fds {
		cols[i] = fd.Name
	}
	return cols, nil
}

func (r *directRows) Scan(dest ...any) error {
	return scanRaw(r.rr.FieldDescriptions(), r.rr.Values(), dest)
}
