package orm_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect/sqlite"
)

func benchDB(b *testing.B) *orm.DB {
	b.Helper()
	ctx := context.Background()
	db, err := orm.Open(ctx, "sqlite:///"+filepath.Join(b.TempDir(), "bench.db"), newRegistry(), sqlite.New())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Schema().CreateTables(ctx); err != nil {
		b.Fatal(err)
	}
	a := Author{Name: "Ann"}
	if err := orm.Save(ctx, db, &a); err != nil {
		b.Fatal(err)
	}
	qs := make([]Question, 100)
	for i := range qs {
		qs[i] = Question{QuestionText: "question", PubDate: time.Now(), Author: &a}
	}
	if err := orm.Objects[Question](db).BulkCreate(ctx, qs); err != nil {
		b.Fatal(err)
	}
	return db
}

type rawQuestion struct {
	ID           int64
	QuestionText string
	PubDate      time.Time
	AuthorID     sql.NullInt64
}

func BenchmarkGetByPK(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	b.Run("orm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := orm.Objects[Question](db).Get(ctx, orm.Q{"pk": int64(50)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("orm-GetPK", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := orm.Objects[Question](db).GetPK(ctx, int64(50)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("database/sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var q rawQuestion
			err := db.SQL().QueryRowContext(ctx, `SELECT "id", "question_text", "pub_date", "author_id" FROM "polls_question" WHERE "id" = ? LIMIT 21`, 50).Scan(&q.ID, &q.QuestionText, &q.PubDate, &q.AuthorID)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkFetch20(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	b.Run("orm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := orm.Objects[Question](db).OrderBy("id").Limit(20).All(ctx)
			if err != nil || len(rows) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("database/sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := db.SQL().QueryContext(ctx, `SELECT "id", "question_text", "pub_date", "author_id" FROM "polls_question" ORDER BY "id" ASC LIMIT 20`)
			if err != nil {
				b.Fatal(err)
			}
			var out []rawQuestion
			for rows.Next() {
				var q rawQuestion
				if err := rows.Scan(&q.ID, &q.QuestionText, &q.PubDate, &q.AuthorID); err != nil {
					b.Fatal(err)
				}
				out = append(out, q)
			}
			rows.Close()
			if len(out) != 20 {
				b.Fatal(len(out))
			}
		}
	})
}

func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	now := time.Now()
	b.Run("orm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			q := Question{QuestionText: "new", PubDate: now}
			if err := orm.Save(ctx, db, &q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("database/sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var id int64
			err := db.SQL().QueryRowContext(ctx, `INSERT INTO "polls_question" ("question_text", "pub_date", "author_id") VALUES (?, ?, ?) RETURNING "id"`,
				"new", now.UTC().Format("2006-01-02 15:04:05.999999"), nil).Scan(&id)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSelectRelated(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	b.Run("orm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := orm.Objects[Question](db).SelectRelated("author").OrderBy("id").Limit(20).All(ctx)
			if err != nil || len(rows) != 20 || rows[0].Author.Name != "Ann" {
				b.Fatal(err)
			}
		}
	})
	b.Run("database/sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := db.SQL().QueryContext(ctx, `SELECT q."id", q."question_text", q."pub_date", q."author_id", a."id", a."name", a."email" FROM "polls_question" q LEFT OUTER JOIN "polls_author" a ON q."author_id" = a."id" ORDER BY q."id" ASC LIMIT 20`)
			if err != nil {
				b.Fatal(err)
			}
			type row struct {
				q rawQuestion
				a *Author
			}
			var out []row
			for rows.Next() {
				var r row
				var aid sql.NullInt64
				var name, email sql.NullString
				if err := rows.Scan(&r.q.ID, &r.q.QuestionText, &r.q.PubDate, &r.q.AuthorID, &aid, &name, &email); err != nil {
					b.Fatal(err)
				}
				if aid.Valid {
					r.a = &Author{ID: aid.Int64, Name: name.String, Email: email.String}
				}
				out = append(out, r)
			}
			rows.Close()
			if len(out) == 0 {
				b.Fatal("no rows")
			}
		}
	})
}
