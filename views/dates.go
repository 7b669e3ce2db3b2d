package views

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/paginator"
)

// DateConfig configures the date-based views (Django's ArchiveIndexView,
// YearArchiveView, MonthArchiveView, WeekArchiveView, DayArchiveView,
// TodayArchiveView, and the date part of DateDetailView).
type DateConfig[T any] struct {
	// DB opens the database (required).
	DB DBFunc
	// DateField is the date or date-time field the archive is ordered and
	// grouped by (required).
	DateField string
	// QuerySet narrows the objects; nil means every object.
	QuerySet QuerySetFunc[T]
	// AllowFuture shows objects dated in the future (Django's allow_future).
	AllowFuture bool
	// AllowEmpty shows a page with no objects instead of a 404 (Django's
	// allow_empty, False for date views).
	AllowEmpty bool
	// YearKwarg, MonthKwarg, DayKwarg and WeekKwarg name the URL keyword
	// arguments or query parameters ("year", "month", "day", "week" when
	// empty). A month is a number (1–12) or an English abbreviation
	// ("jan"), a day or a week a number.
	YearKwarg, MonthKwarg, DayKwarg, WeekKwarg string
	// WeekFormat is how WeekArchive numbers weeks, as Django's week_format:
	// "%U" (the default: weeks start on Sunday, week 0 holds the days
	// before the year's first Sunday), "%W" (the same from Monday) or "%V"
	// (ISO 8601 weeks; the year is then the ISO year).
	WeekFormat string
	// MakeObjectList fills object_list in YearArchive (Django's
	// make_object_list; the other views always do).
	MakeObjectList bool
	// PaginateBy, Orphans and PageKwarg paginate object_list, as in List.
	PaginateBy, Orphans int
	PageKwarg           string
	// Template is the template name; "" means "<app>/<model>_archive.html",
	// "_archive_year", "_archive_month", "_archive_week" or "_archive_day".
	Template string
	// ContextObjectName names object_list again in the context; "" means
	// "latest" for ArchiveIndex and "<model>_list" for the others.
	ContextObjectName string
	// Context adds to the template context.
	Context ContextFunc
	// Now is the clock for AllowFuture; nil means time.Now.
	Now func() time.Time
}

type period int

const (
	periodAll period = iota
	periodYear
	periodMonth
	periodDay
	periodToday // periodDay, on the current day
	periodWeek
)

// start returns the first instant of the period holding t.
func (p period) start(t time.Time) time.Time {
	y, m, d := t.Date()
	switch p {
	case periodYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case periodMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// next returns the first instant of the period after the one starting at s.
func (p period) next(s time.Time) time.Time {
	switch p {
	case periodWeek:
		return s.AddDate(0, 0, 7)
	case periodYear:
		return s.AddDate(1, 0, 0)
	case periodMonth:
		return s.AddDate(0, 1, 0)
	}
	return s.AddDate(0, 0, 1)
}

func (p period) suffix() string {
	return [...]string{"_archive", "_archive_year", "_archive_month", "_archive_day", "_archive_day", "_archive_week"}[p]
}

// ArchiveIndex returns a handler listing the latest objects by date, as
// Django's ArchiveIndexView: context latest and object_list, and
// date_list, the years with objects, newest first.
func ArchiveIndex[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodAll) }

// YearArchive returns a handler for one year (URL argument "year"), as
// Django's YearArchiveView: context year, date_list (the months with
// objects), next_year, previous_year, and object_list when MakeObjectList.
func YearArchive[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodYear) }

// MonthArchive returns a handler for one month (URL arguments "year" and
// "month"), as Django's MonthArchiveView: context month, date_list (the
// days with objects), next_month, previous_month and object_list.
func MonthArchive[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodMonth) }

// DayArchive returns a handler for one day (URL arguments "year", "month"
// and "day"), as Django's DayArchiveView: context day, next_day,
// previous_day, next_month, previous_month and object_list.
func DayArchive[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodDay) }

// WeekArchive returns a handler for one week (URL arguments "year" and
// "week", numbered as cfg.WeekFormat), as Django's WeekArchiveView:
// context week (its first day), next_week, previous_week and object_list.
func WeekArchive[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodWeek) }

// TodayArchive returns DayArchive's handler for the current day (cfg.Now,
// in UTC), as Django's TodayArchiveView: no URL arguments.
func TodayArchive[T any](cfg DateConfig[T]) http.Handler { return dateView(cfg, periodToday) }

var monthAbbr = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// dateArg reads a date part from the URL or the query string.
func dateArg(r *http.Request, name, what string) (string, error) {
	if v, ok := kwarg(r, name); ok {
		return fmt.Sprint(v), nil
	}
	if v := httpx.QueryGet(r, name); v != "" {
		return v, nil
	}
	return "", httpx.NotFound("No " + what + " specified")
}

// periodStart reads the requested period from the request.
func (cfg DateConfig[T]) periodStart(r *http.Request, p period) (time.Time, error) {
	ys, err := dateArg(r, cmp(cfg.YearKwarg, "year"), "year")
	if err != nil {
		return time.Time{}, err
	}
	y, err := strconv.Atoi(ys)
	if err != nil || y < 1 || y > 9999 {
		return time.Time{}, httpx.NotFound(fmt.Sprintf("Invalid date string “%s”", ys))
	}
	if p == periodWeek {
		if f := cfg.weekFormat(); f != "%U" && f != "%W" && f != "%V" {
			return time.Time{}, fmt.Errorf("%w: DateConfig.WeekFormat %q (want %%U, %%W or %%V)", ErrConfig, f)
		}
		ws, err := dateArg(r, cmp(cfg.WeekKwarg, "week"), "week")
		if err != nil {
			return time.Time{}, err
		}
		w, err := strconv.Atoi(ws)
		if err == nil {
			if start, ok := weekStart(y, w, cfg.weekFormat()); ok {
				return start, nil
			}
		}
		return time.Time{}, httpx.NotFound(fmt.Sprintf("Invalid date string “%s”", ws))
	}
	m, d := 1, 1
	if p == periodMonth || p == periodDay {
		ms, err := dateArg(r, cmp(cfg.MonthKwarg, "month"), "month")
		if err != nil {
			return time.Time{}, err
		}
		m = 0
		if n, err := strconv.Atoi(ms); err == nil && n >= 1 && n <= 12 {
			m = n
		}
		for i, a := range monthAbbr {
			if strings.EqualFold(ms, a) {
				m = i + 1
			}
		}
		if m == 0 {
			return time.Time{}, httpx.NotFound(fmt.Sprintf("Invalid date string “%s”", ms))
		}
	}
	if p == periodDay {
		ds, err := dateArg(r, cmp(cfg.DayKwarg, "day"), "day")
		if err != nil {
			return time.Time{}, err
		}
		d, err = strconv.Atoi(ds)
		if err != nil || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return time.Time{}, httpx.NotFound(fmt.Sprintf("Invalid date string “%s”", ds))
		}
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// startOf returns the first instant of the period holding t; a week
// starts on Sunday with WeekFormat "%U", on Monday otherwise (Django's
// _get_weekday).
func (cfg DateConfig[T]) startOf(p period, t time.Time) time.Time {
	if p != periodWeek {
		return p.start(t)
	}
	d := periodDay.start(t)
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	if cfg.weekFormat() == "%U" {
		back = int(d.Weekday()) // days since Sunday
	}
	return d.AddDate(0, 0, -back)
}

func (cfg DateConfig[T]) weekFormat() string { return cmp(cfg.WeekFormat, "%U") }

// weekStart is the first day of week of year as Django reads them
// (strptime of year, the week's first weekday and week with week_format);
// ok is false for a week strptime refuses.
func weekStart(year, week int, format string) (time.Time, bool) {
	if week < 0 || week > 53 {
		return time.Time{}, false
	}
	if format == "%V" {
		// %G-%V-%u with Monday: ISO week 1 holds the year's first
		// Thursday; as Python's, weeks 0 and 53 are counted from it
		// whether or not the ISO year has them.
		jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, 7*(week-1)), true
	}
	// Python's _calc_julian_from_U_or_W, for the week's first day.
	first := (int(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Weekday()) + 6) % 7 // Monday 0
	if format == "%U" {
		first = (first + 1) % 7 // Sunday 0
	}
	julian := 1 + (7-first)%7 + 7*(week-1)
	if week == 0 {
		julian = 1 - first
	}
	return time.Date(year, 1, julian, 0, 0, 0, 0, time.UTC), true
}

func (cfg DateConfig[T]) now() time.Time {
	if cfg.Now != nil {
		return cfg.Now().UTC()
	}
	return time.Now().UTC()
}

// adjacent is Django's _get_next_prev: the start of the previous or next
// period, nil when it would show nothing (no objects there and AllowEmpty
// off, or in the future without AllowFuture).
func (cfg DateConfig[T]) adjacent(r *http.Request, qs orm.QuerySet[T], p period, start time.Time, previous bool) (any, error) {
	now := cfg.now()
	if cfg.AllowEmpty {
		var t time.Time
		if previous {
			t = cfg.startOf(p, start.AddDate(0, 0, -1))
		} else {
			t = p.next(start)
		}
		if !cfg.AllowFuture && t.After(now) {
			return nil, nil
		}
		return t, nil
	}
	var q orm.QuerySet[T]
	if previous {
		q = qs.Filter(cfg.DateField+"__lt", start).OrderBy("-" + cfg.DateField)
	} else {
		q = qs.Filter(cfg.DateField+"__gte", p.next(start)).OrderBy(cfg.DateField)
	}
	ts, err := orm.Flat[time.Time](r.Context(), q.Limit(1), cfg.DateField)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return cfg.startOf(p, ts[0].UTC()), nil
}

func dateView[T any](cfg DateConfig[T], view period) http.Handler {
	return methods{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) error {
			p := view // TodayArchive becomes a day, for this request only
			db, err := cfg.DB.open(r.Context())
			if err != nil {
				return err
			}
			if cfg.DateField == "" {
				return fmt.Errorf("%w: DateConfig.DateField is empty", ErrConfig)
			}
			qs := orm.Objects[T](db)
			m := qs.Model()
			if m == nil {
				return fmt.Errorf("views: %w", qs.Err())
			}
			if cfg.QuerySet != nil {
				if qs, err = cfg.QuerySet(r, qs); err != nil {
					return err
				}
			}
			if !cfg.AllowFuture {
				qs = qs.Filter(cfg.DateField+"__lte", cfg.now())
			}
			data := map[string]any{}
			objects := qs
			listName := modelName(m) + "_list"
			var start time.Time
			if p == periodAll {
				listName = "latest"
				objects = qs.OrderBy("-" + cfg.DateField)
			} else {
				if p == periodToday {
					p, start = periodDay, periodDay.start(cfg.now())
				} else if start, err = cfg.periodStart(r, p); err != nil {
					return err
				}
				if !cfg.AllowFuture && start.After(cfg.now()) {
					return httpx.NotFound(fmt.Sprintf("Future %s not available because allow_future is False.", m.VerboseNamePlural))
				}
				objects = qs.Filter(cfg.DateField+"__gte", start).Filter(cfg.DateField+"__lt", p.next(start)).OrderBy("-" + cfg.DateField)
			}
			kind := map[period]string{periodAll: "year", periodYear: "month", periodMonth: "day"}[p]
			if kind != "" {
				dates, err := objects.Dates(r.Context(), cfg.DateField, kind, p == periodAll)
				if err != nil {
					return err
				}
				if dates == nil {
					dates = []time.Time{}
				}
				data["date_list"] = dates
			}
			if !cfg.AllowEmpty {
				ok, err := objects.Exists(r.Context())
				if err != nil {
					return err
				}
				if !ok {
					return httpx.NotFound("No " + m.VerboseNamePlural + " available")
				}
			}
			var list []T
			data["paginator"], data["page_obj"], data["is_paginated"] = nil, nil, false
			switch {
			case p == periodYear && !cfg.MakeObjectList:
				list = []T{}
			case cfg.PaginateBy > 0:
				pg := &paginator.Paginator[T]{Source: qsSource[T]{objects}, PerPage: cfg.PaginateBy, Orphans: cfg.Orphans, AllowEmptyFirstPage: true}
				page, err := pageOf(r, pg, cmp(cfg.PageKwarg, "page"))
				if err != nil {
					return err
				}
				list = page.Items
				data["paginator"], data["page_obj"], data["is_paginated"] = pg, page, page.HasOtherPages()
			default:
				if list, err = objects.All(r.Context()); err != nil {
					return err
				}
			}
			if list == nil {
				list = []T{}
			}
			data["object_list"] = list
			data[cmp(cfg.ContextObjectName, listName)] = list
			// The neighbours are looked up in the unfiltered queryset (with
			// the future rule applied by adjacent itself).
			base := orm.Objects[T](db)
			if cfg.QuerySet != nil {
				if base, err = cfg.QuerySet(r, base); err != nil {
					return err
				}
			}
			if !cfg.AllowFuture {
				base = base.Filter(cfg.DateField+"__lte", cfg.now())
			}
			type neighbour struct {
				key      string
				p        period
				previous bool
			}
			var ns []neighbour
			switch p {
			case periodYear:
				data["year"] = start
				ns = []neighbour{{"next_year", periodYear, false}, {"previous_year", periodYear, true}}
			case periodMonth:
				data["month"] = start
				ns = []neighbour{{"next_month", periodMonth, false}, {"previous_month", periodMonth, true}}
			case periodWeek:
				data["week"] = start
				ns = []neighbour{{"next_week", periodWeek, false}, {"previous_week", periodWeek, true}}
			case periodDay:
				data["day"] = start
				ns = []neighbour{{"next_day", periodDay, false}, {"previous_day", periodDay, true},
					{"next_month", periodMonth, false}, {"previous_month", periodMonth, true}}
			}
			for _, n := range ns {
				v, err := cfg.adjacent(r, base, n.p, cfg.startOf(n.p, start), n.previous)
				if err != nil {
					return err
				}
				data[n.key] = v
			}
			return render(w, r, http.StatusOK, cmp(cfg.Template, templateName(m, p.suffix())), data, cfg.Context)
		},
	}.handler()
}

// DateDetail returns a handler showing one object by the URL's year,
// month and day and its pk or slug, as Django's DateDetailView: the object
// must be dated that day (date.DateField), and a future day is a 404
// unless date.AllowFuture. The lookup, template ("<app>/<model>_detail.html")
// and context come from cfg; the year, month and day arguments, the date
// field, AllowFuture and the clock from date (and the database when
// cfg.DB is nil). Both date.QuerySet and cfg.Lookup.QuerySet narrow the
// objects, so an archive's "published only" QuerySet holds here too.
func DateDetail[T any](date DateConfig[T], cfg DetailConfig[T]) http.Handler {
	return methods{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) error {
			if date.DateField == "" {
				return fmt.Errorf("%w: DateConfig.DateField is empty", ErrConfig)
			}
			dbf := cfg.DB
			if dbf == nil {
				dbf = date.DB
			}
			db, err := dbf.open(r.Context())
			if err != nil {
				return err
			}
			qs := orm.Objects[T](db)
			m := qs.Model()
			if m == nil {
				return fmt.Errorf("views: %w", qs.Err())
			}
			day, err := date.periodStart(r, periodDay)
			if err != nil {
				return err
			}
			if !date.AllowFuture && day.After(date.now()) {
				return httpx.NotFound(fmt.Sprintf("Future %s not available because allow_future is False.", m.VerboseNamePlural))
			}
			lookup := cfg.Lookup
			lookup.QuerySet = chainQuerySets(date.QuerySet, lookup.QuerySet, func(r *http.Request, qs orm.QuerySet[T]) (orm.QuerySet[T], error) {
				return qs.Filter(date.DateField+"__gte", day).Filter(date.DateField+"__lt", periodDay.next(day)), nil
			})
			return cfg.show(w, r, db, lookup)
		},
	}.handler()
}

// chainQuerySets applies fs in order, skipping nil ones.
func chainQuerySets[T any](fs ...QuerySetFunc[T]) QuerySetFunc[T] {
	return func(r *http.Request, qs orm.QuerySet[T]) (orm.QuerySet[T], error) {
		for _, f := range fs {
			if f == nil {
				continue
			}
			var err error
			if qs, err = f(r, qs); err != nil {
				return qs, err
			}
		}
		return qs, nil
	}
}
