package views_test

import (
	"context"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
	"github.com/djinn-go/djinn/template"
	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/urls"
	"github.com/djinn-go/djinn/views"
)

type Entry struct {
	ID    int64
	Title string    `djinn:"max_length=50"`
	Pub   time.Time `djinn:"type=date"`
}

var dateTemplates = fstest.MapFS{
	"blog/entry_archive.html":       {Data: []byte(`{% for d in date_list %}{{ d|date:"Y" }} {% endfor %}|{% for e in latest %}{{ e.title }} {% endfor %}`)},
	"blog/entry_archive_year.html":  {Data: []byte(`{{ year|date:"Y" }}:{% for d in date_list %}{{ d|date:"M" }} {% endfor %}|n={{ object_list|length }}|next={{ next_year|date:"Y" }}|prev={{ previous_year|date:"Y" }}`)},
	"blog/entry_archive_month.html": {Data: []byte(`{{ month|date:"Y-m" }}:{% for d in date_list %}{{ d|date:"d" }} {% endfor %}|{% for e in object_list %}{{ e.title }} {% endfor %}|next={{ next_month|date:"Y-m" }}|prev={{ previous_month|date:"Y-m" }}`)},
	"blog/entry_detail.html":        {Data: []byte(`[{{ entry.title }}]`)},
	"blog/entry_archive_week.html":  {Data: []byte(`{{ week|date:"Y-m-d" }}|{% for e in object_list %}{{ e.title }} {% endfor %}|next={{ next_week|date:"Y-m-d" }}|prev={{ previous_week|date:"Y-m-d" }}`)},
	"blog/entry_archive_day.html":   {Data: []byte(`{{ day|date:"Y-m-d" }}|{% for e in entry_list %}{{ e.title }} {% endfor %}|next={{ next_day|date:"Y-m-d" }}|prev={{ previous_day|date:"Y-m-d" }}`)},
}

func TestDateArchives(t *testing.T) {
	ormtest.Run(t, registry(t), func(t *testing.T, db *orm.DB) {
		ctx := context.Background()
		for _, e := range []struct {
			title string
			pub   string
		}{{"a", "2025-03-10"}, {"b", "2025-03-20"}, {"c", "2025-06-01"}, {"d", "2026-01-05"}, {"future", "2099-01-01"}} {
			pub, _ := time.Parse(time.DateOnly, e.pub)
			if err := orm.Save(ctx, db, &Entry{Title: e.title, Pub: pub}); err != nil {
				t.Fatal(err)
			}
		}
		now := func() time.Time { return time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC) }
		cfg := views.DateConfig[Entry]{DB: views.UseDB(db), DateField: "pub", Now: now}
		year := cfg
		year.MakeObjectList = true
		empty := cfg
		empty.AllowEmpty = true
		future := cfg
		future.AllowFuture = true
		iso := cfg
		iso.WeekFormat = "%V"
		bad := cfg
		bad.WeekFormat = "%Q"
		notA := cfg
		notA.QuerySet = func(r *http.Request, qs orm.QuerySet[Entry]) (orm.QuerySet[Entry], error) {
			return qs.Exclude("title", "a"), nil
		}
		router := urls.NewRouter(
			urls.Path("", views.ArchiveIndex(cfg), "index"),
			urls.Path("future/", views.ArchiveIndex(future), "future"),
			urls.Path("<int:year>/", views.YearArchive(cfg), "year"),
			urls.Path("list/<int:year>/", views.YearArchive(year), "year-list"),
			urls.Path("<int:year>/<str:month>/", views.MonthArchive(cfg), "month"),
			urls.Path("empty/<int:year>/<str:month>/", views.MonthArchive(empty), "month-empty"),
			urls.Path("<int:year>/<str:month>/<int:day>/", views.DayArchive(cfg), "day"),
			urls.Path("today/", views.TodayArchive(cfg), "today"),
			urls.Path("today-empty/", views.TodayArchive(empty), "today-empty"),
			urls.Path("by-query/", views.DayArchive(cfg), "by-query"),
			urls.Path("detail/<int:year>/<str:month>/<int:day>/<int:pk>/", views.DateDetail(cfg, views.DetailConfig[Entry]{}), "detail"),
			urls.Path("detail-not-a/<int:year>/<str:month>/<int:day>/<int:pk>/", views.DateDetail(notA, views.DetailConfig[Entry]{}), "detail-not-a"),
			urls.Path("week/<int:year>/<int:week>/", views.WeekArchive(cfg), "week"),
			urls.Path("isoweek/<int:year>/<int:week>/", views.WeekArchive(iso), "isoweek"),
			urls.Path("badweek/<int:year>/<int:week>/", views.WeekArchive(bad), "badweek"),
		)
		eng := engine{template.New(template.Config{Loader: loader.NewFS(dateTemplates)})}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			router.ServeHTTP(w, r.WithContext(httpx.WithTemplates(r.Context(), eng)))
		})
		expect(t, "index", do(h, "GET", "/", nil), 200, "2026 2025 |d c b a ")
		expect(t, "index with future", do(h, "GET", "/future/", nil), 200, "2099 2026 2025 |future d")
		expect(t, "year", do(h, "GET", "/2025/", nil), 200, "2025:Mar Jun |n=0|next=2026|prev=")
		expect(t, "year list", do(h, "GET", "/list/2025/", nil), 200, "|n=3|")
		expect(t, "empty year", do(h, "GET", "/2024/", nil), 404)
		expect(t, "future year", do(h, "GET", "/2099/", nil), 404)
		expect(t, "month by number", do(h, "GET", "/2025/3/", nil), 200, "2025-03:10 20 |b a |next=2025-06|prev=")
		expect(t, "month by name", do(h, "GET", "/2025/jun/", nil), 200, "2025-06:01 |c |next=2026-01|prev=2025-03")
		expect(t, "empty month", do(h, "GET", "/2025/4/", nil), 404)
		expect(t, "allow empty", do(h, "GET", "/empty/2025/4/", nil), 200, "2025-04:|", "next=2025-05|prev=2025-03")
		expect(t, "bad month", do(h, "GET", "/2025/13/", nil), 404)
		expect(t, "day", do(h, "GET", "/2025/mar/20/", nil), 200, "2025-03-20|b |next=2025-06-01|prev=2025-03-10")
		expect(t, "bad day", do(h, "GET", "/2025/2/30/", nil), 404)
		// TodayArchive: the clock's day (2026-02-01 has no entry), twice,
		// so that the first request does not change the view.
		expect(t, "today", do(h, "GET", "/today/", nil), 404)
		for range 2 {
			expect(t, "today, allow empty", do(h, "GET", "/today-empty/", nil), 200, "2026-02-01||next=|prev=2026-01-31")
		}
		// DateDetail: the object must be dated that day; no future day.
		expect(t, "date detail", do(h, "GET", "/detail/2025/mar/10/1/", nil), 200, "[a]")
		expect(t, "date detail, another day", do(h, "GET", "/detail/2025/mar/20/1/", nil), 404)
		expect(t, "date detail, future", do(h, "GET", "/detail/2099/jan/1/5/", nil), 404)
		expect(t, "date detail, bad day", do(h, "GET", "/detail/2025/feb/30/1/", nil), 404)
		expect(t, "date detail, the archive's QuerySet", do(h, "GET", "/detail-not-a/2025/mar/10/1/", nil), 404)
		// WeekArchive: %U weeks start on Sunday (2025 week 10 is
		// 2025-03-09, as CPython's strptime), %V weeks on Monday.
		expect(t, "week", do(h, "GET", "/week/2025/10/", nil), 200, "2025-03-09|a |next=2025-03-16|prev=")
		expect(t, "iso week", do(h, "GET", "/isoweek/2025/11/", nil), 200, "2025-03-10|a |next=2025-03-17|prev=")
		expect(t, "empty week", do(h, "GET", "/week/2025/30/", nil), 404)
		expect(t, "week 54", do(h, "GET", "/week/2025/54/", nil), 404)
		expect(t, "bad week format", do(h, "GET", "/badweek/2025/10/", nil), 500)
		// From the query string, request.GET.get: the last value.
		expect(t, "query", do(h, "GET", "/by-query/?year=2024&year=2025&month=mar&day=20", nil), 200, "2025-03-20|b ")
	})
}
