package paginator

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Source is a countable list that can return one window of its items, such as
// a database query. Count is called once per Paginator; Slice once per page.
type Source[T any] interface {
	// Count returns the total number of items.
	Count(ctx context.Context) (int, error)
	// Slice returns at most limit items starting at offset (zero-based).
	Slice(ctx context.Context, offset, limit int) ([]T, error)
}

// SliceSource is a Source over an in-memory slice.
type SliceSource[T any] []T

var _ Source[int] = SliceSource[int](nil)

// Count returns len(s).
func (s SliceSource[T]) Count(context.Context) (int, error) { return len(s), nil }

// Slice returns s[offset:offset+limit], clipped to the slice bounds.
func (s SliceSource[T]) Slice(_ context.Context, offset, limit int) ([]T, error) {
	if offset < 0 || limit < 0 {
		return nil, fmt.Errorf("paginator: negative offset or limit")
	}
	if offset > len(s) {
		offset = len(s)
	}
	end := offset + limit
	if end > len(s) || end < offset {
		end = len(s)
	}
	return s[offset:end], nil
}

// Errors reported for a page number that cannot be served.
var (
	// ErrInvalidPage matches every invalid page number error.
	ErrInvalidPage = errors.New("invalid page")
	// ErrPageNotAnInteger is reported for a page number that is not an integer.
	ErrPageNotAnInteger = errors.New("page number is not an integer")
	// ErrEmptyPage is reported for a page number below 1 or past the last page.
	ErrEmptyPage = errors.New("empty page")
)

// InvalidPageError describes why a page number was refused. Message is
// Django's user-facing text; errors.Is matches ErrInvalidPage and Kind (one of
// ErrPageNotAnInteger, ErrEmptyPage).
type InvalidPageError struct {
	Kind    error
	Message string
}

func (e *InvalidPageError) Error() string { return e.Message }

// Unwrap returns the kind and ErrInvalidPage.
func (e *InvalidPageError) Unwrap() []error { return []error{e.Kind, ErrInvalidPage} }

// Django's messages.
const (
	msgNotInteger = "That page number is not an integer"
	msgLessThan1  = "That page number is less than 1"
	msgNoResults  = "That page contains no results"
)

// Ellipsis stands for left-out page numbers in ElidedPageRange.
const Ellipsis PageNumber = 0

// PageNumber is one entry of an elided page range: a page number, or Ellipsis.
type PageNumber int

// String returns the number, or "…" for Ellipsis.
func (n PageNumber) String() string {
	if n == Ellipsis {
		return "…"
	}
	return strconv.Itoa(int(n))
}

// IsEllipsis reports whether n stands for left-out pages.
func (n PageNumber) IsEllipsis() bool { return n == Ellipsis }

// Paginator splits a Source into pages of PerPage items. Its count is read
// once and cached; it is safe for concurrent use.
type Paginator[T any] struct {
	// Source provides the items.
	Source Source[T]
	// PerPage is the maximum number of items on a page (values below 1 mean 1).
	PerPage int
	// Orphans is the minimum number of items allowed on the last page; a
	// smaller last page is merged into the previous one.
	Orphans int
	// AllowEmptyFirstPage makes an empty source one empty page instead of
	// zero pages (New and FromSlice set it, as Django does).
	AllowEmptyFirstPage bool

	mu      sync.Mutex
	counted bool
	count   int
}

// New returns a Paginator over src with perPage items per page and
// AllowEmptyFirstPage set.
func New[T any](src Source[T], perPage int) *Paginator[T] {
	return &Paginator[T]{Source: src, PerPage: perPage, AllowEmptyFirstPage: true}
}

// FromSlice returns a Paginator over an in-memory slice.
func FromSlice[T any](items []T, perPage int) *Paginator[T] {
	return New[T](SliceSource[T](items), perPage)
}

func (p *Paginator[T]) perPage() int {
	if p.PerPage < 1 {
		return 1
	}
	return p.PerPage
}

// Count returns the total number of items, asking the source only once.
func (p *Paginator[T]) Count(ctx context.Context) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.counted {
		return p.count, nil
	}
	if p.Source == nil {
		p.counted = true
		return 0, nil
	}
	n, err := p.Source.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("paginator: counting items: %w", err)
	}
	if n < 0 {
		n = 0
	}
	p.count, p.counted = n, true
	return n, nil
}

// NumPages returns the number of pages.
func (p *Paginator[T]) NumPages(ctx context.Context) (int, error) {
	count, err := p.Count(ctx)
	if err != nil {
		return 0, err
	}
	return p.numPages(count), nil
}

func (p *Paginator[T]) numPages(count int) int {
	if count == 0 && !p.AllowEmptyFirstPage {
		return 0
	}
	orphans := max(p.Orphans, 0)
	hits := max(1, count-orphans)
	per := p.perPage()
	return (hits + per - 1) / per
}

// PageRange returns the page numbers 1..NumPages.
func (p *Paginator[T]) PageRange(ctx context.Context) ([]int, error) {
	n, err := p.NumPages(ctx)
	if err != nil {
		return nil, err
	}
	r := make([]int, n)
	for i := range r {
		r[i] = i + 1
	}
	return r, nil
}

// ParseNumber converts a page number as it comes from a request into an int,
// accepting what Python's int() accepts for Django's validate_number:
// surrounding Unicode white space, one leading sign, decimal digits of any
// script ("٣" is 3) and single underscores between digits ("1_0" is 10).
// Anything else is ErrPageNotAnInteger. A number too large for an int is
// clamped to the largest (or smallest) int, so it is an empty page, as in
// Django where it is a valid integer past the last page.
func ParseNumber(s string) (int, error) {
	bad := &InvalidPageError{Kind: ErrPageNotAnInteger, Message: msgNotInteger}
	s = strings.TrimFunc(s, unicode.IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, bad
	}
	n, digits, under, clamped := 0, 0, false, false
	for _, r := range s {
		if r == '_' {
			if digits == 0 || under {
				return 0, bad
			}
			under = true
			continue
		}
		d, ok := digitValue(r)
		if !ok {
			return 0, bad
		}
		digits++
		under = false
		if !clamped {
			if n > (math.MaxInt-d)/10 {
				clamped = true
			} else {
				n = n*10 + d
			}
		}
	}
	if under {
		return 0, bad
	}
	switch {
	case clamped && neg:
		return math.MinInt, nil
	case clamped:
		return math.MaxInt, nil
	case neg:
		return -n, nil
	}
	return n, nil
}

// digitValue returns the value of a decimal digit of any script. Unicode
// lays out every script's digits as runs of ten, zero first.
func digitValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if !unicode.IsDigit(r) {
		return 0, false
	}
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return int(r-start) % 10, true
}

// ValidateNumber checks that number is a page that exists.
func (p *Paginator[T]) ValidateNumber(ctx context.Context, number int) (int, error) {
	count, err := p.Count(ctx)
	if err != nil {
		return 0, err
	}
	return p.validate(number, count)
}

func (p *Paginator[T]) validate(number, count int) (int, error) {
	if number < 1 {
		return 0, &InvalidPageError{Kind: ErrEmptyPage, Message: msgLessThan1}
	}
	if number > p.numPages(count) && (number != 1 || !p.AllowEmptyFirstPage) {
		return 0, &InvalidPageError{Kind: ErrEmptyPage, Message: msgNoResults}
	}
	return number, nil
}

// Page returns page number (1-based), or an *InvalidPageError matching
// ErrEmptyPage when it does not exist.
func (p *Paginator[T]) Page(ctx context.Context, number int) (*Page[T], error) {
	count, err := p.Count(ctx)
	if err != nil {
		return nil, err
	}
	number, err = p.validate(number, count)
	if err != nil {
		return nil, err
	}
	per := p.perPage()
	bottom := (number - 1) * per
	top := bottom + per
	if top+max(p.Orphans, 0) >= count {
		top = count
	}
	var items []T
	if top > bottom && p.Source != nil {
		items, err = p.Source.Slice(ctx, bottom, top-bottom)
		if err != nil {
			return nil, fmt.Errorf("paginator: reading page %d: %w", number, err)
		}
	}
	return &Page[T]{Items: items, Number: number, Paginator: p, count: count, numPages: p.numPages(count)}, nil
}

// PageString is Page for a number as it comes from a request; a value that is
// not an integer is an *InvalidPageError matching ErrPageNotAnInteger.
func (p *Paginator[T]) PageString(ctx context.Context, number string) (*Page[T], error) {
	n, err := ParseNumber(number)
	if err != nil {
		return nil, err
	}
	return p.Page(ctx, n)
}

// GetPage returns a valid page whatever number says, as Django's get_page: the
// first page when number is not an integer, the last page when it is out of
// range. Only errors from the source are returned, and ErrEmptyPage when
// there are no pages at all (an empty source with AllowEmptyFirstPage off).
func (p *Paginator[T]) GetPage(ctx context.Context, number string) (*Page[T], error) {
	n, err := ParseNumber(number)
	if err != nil {
		return p.Page(ctx, 1)
	}
	if _, err := p.ValidateNumber(ctx, n); errors.Is(err, ErrEmptyPage) {
		if n, err = p.NumPages(ctx); err != nil {
			return nil, err
		}
		// With no pages at all (and no empty first page) this is page 0,
		// an error, as in Django.
	} else if err != nil {
		return nil, err
	}
	return p.Page(ctx, n)
}

// ElidedPageRange returns the page numbers to show around page number, with
// Ellipsis where pages are left out: onEnds pages at each end and onEachSide
// pages on each side of number (Django's defaults are 3 and 2, see
// DefaultOnEachSide and DefaultOnEnds). An invalid number is an error, as in
// Django.
func (p *Paginator[T]) ElidedPageRange(ctx context.Context, number, onEachSide, onEnds int) ([]PageNumber, error) {
	number, err := p.ValidateNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	numPages, _ := p.NumPages(ctx)
	var out []PageNumber
	span := func(from, to int) { // inclusive
		for i := from; i <= to; i++ {
			out = append(out, PageNumber(i))
		}
	}
	if numPages <= (onEachSide+onEnds)*2 {
		span(1, numPages)
		return out, nil
	}
	if number > 1+onEachSide+onEnds+1 {
		span(1, onEnds)
		out = append(out, Ellipsis)
		span(number-onEachSide, number)
	} else {
		span(1, number)
	}
	if number < numPages-onEachSide-onEnds-1 {
		span(number+1, number+onEachSide)
		out = append(out, Ellipsis)
		span(numPages-onEnds+1, numPages)
	} else {
		span(number+1, numPages)
	}
	return out, nil
}

// Django's defaults for ElidedPageRange.
const (
	DefaultOnEachSide = 3
	DefaultOnEnds     = 2
)

// Page is one page of items.
type Page[T any] struct {
	// Items are the page's items (Django's object_list).
	Items []T
	// Number is the 1-based page number.
	Number int
	// Paginator is the paginator the page came from.
	Paginator *Paginator[T]

	count, numPages int
}

// Len returns the number of items on the page.
func (pg *Page[T]) Len() int { return len(pg.Items) }

// NumPages returns the paginator's page count when the page was made.
func (pg *Page[T]) NumPages() int { return pg.numPages }

// Count returns the paginator's item count when the page was made.
func (pg *Page[T]) Count() int { return pg.count }

// HasNext reports whether a page follows this one.
func (pg *Page[T]) HasNext() bool { return pg.Number < pg.numPages }

// HasPrevious reports whether a page precedes this one.
func (pg *Page[T]) HasPrevious() bool { return pg.Number > 1 }

// HasOtherPages reports whether there is a previous or next page.
func (pg *Page[T]) HasOtherPages() bool { return pg.HasNext() || pg.HasPrevious() }

// NextPageNumber returns the next page's number, or ErrEmptyPage on the last page.
func (pg *Page[T]) NextPageNumber() (int, error) {
	if !pg.HasNext() {
		return 0, &InvalidPageError{Kind: ErrEmptyPage, Message: msgNoResults}
	}
	return pg.Number + 1, nil
}

// PreviousPageNumber returns the previous page's number, or ErrEmptyPage on the first page.
func (pg *Page[T]) PreviousPageNumber() (int, error) {
	if !pg.HasPrevious() {
		return 0, &InvalidPageError{Kind: ErrEmptyPage, Message: msgLessThan1}
	}
	return pg.Number - 1, nil
}

// StartIndex returns the 1-based index of the page's first item among all
// items (0 when there are none).
func (pg *Page[T]) StartIndex() int {
	if pg.count == 0 {
		return 0
	}
	return pg.Paginator.perPage()*(pg.Number-1) + 1
}

// EndIndex returns the 1-based index of the page's last item among all items.
func (pg *Page[T]) EndIndex() int {
	if pg.Number == pg.numPages {
		return pg.count
	}
	return pg.Number * pg.Paginator.perPage()
}

// String returns "<Page n of m>", as Django's repr.
func (pg *Page[T]) String() string {
	return fmt.Sprintf("<Page %d of %d>", pg.Number, pg.numPages)
}
