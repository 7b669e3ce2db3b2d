// Package paginator splits a list of items into numbered pages, the way
// Django's django.core.paginator does.
//
// A Paginator reads from a Source (anything that can count its items and
// return a slice of them, such as a query) or from a plain Go slice:
//
//	p := paginator.FromSlice(items, 25)
//	page, err := p.GetPage(ctx, httpx.QueryGet(r, "page"))
//	if err != nil {
//		return err // only I/O errors from the source reach here
//	}
//	for _, it := range page.Items { ... }
//
// # Invalid pages
//
// Page reports a page number that is not an integer with ErrPageNotAnInteger
// and a number out of range with ErrEmptyPage; both match ErrInvalidPage with
// errors.Is, and carry Django's messages ("That page number is not an
// integer", "That page number is less than 1", "That page contains no
// results"). GetPage never reports them: like Django's get_page it falls back
// to the first page for a non-integer and to the last page for a number out
// of range.
//
// # Orphans and empty first page
//
// Orphans lets a last page with that few items join the previous one.
// AllowEmptyFirstPage (true from New and FromSlice) makes an empty list one
// empty page instead of zero pages.
//
// # Elided page ranges
//
// ElidedPageRange(ctx, number, onEachSide, onEnds) gives the page numbers to
// show in a long navigation bar, with Ellipsis ("…") where numbers are
// left out, exactly as Django's get_elided_page_range.
package paginator
