// Package upload parses request bodies (multipart and URL-encoded) within
// Django's limits, holds uploaded files in memory or in temporary files, and
// stores them safely with a Storage.
//
// # Parsing
//
// Parse reads a request body with the limits in Limits, whose zero value is
// Django's defaults:
//
//	DATA_UPLOAD_MAX_MEMORY_SIZE   = 2.5 MiB  (Limits.MaxMemory: non-file data)
//	DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000     (Limits.MaxFields)
//	DATA_UPLOAD_MAX_NUMBER_FILES  = 100      (Limits.MaxFiles)
//	FILE_UPLOAD_MAX_MEMORY_SIZE   = 2.5 MiB  (Limits.FileMemory: kept in memory before spilling to a temp file)
//
// plus an optional hard cap on the whole body (Limits.MaxBodySize), which
// Django leaves to the web server. The parser streams the body part by part
// (not with http.Request.ParseMultipartForm), splitting it where Django's
// MultiPartParser does, and stops reading as soon as a limit is passed, so
// nothing beyond a limit is held in memory. Violations are *Error values matching ErrTooManyFields,
// ErrTooManyFiles, ErrDataTooBig (400) or ErrRequestTooLarge (413), and
// ErrMalformed for an invalid boundary or undecodable base64 file data (400); their HTTPStatus
// method gives the status, so httpx renders them directly.
//
//	form, err := upload.Parse(r, upload.Limits{MaxBodySize: 50 << 20})
//	if err != nil {
//		return err
//	}
//	defer form.Cleanup()
//
// Every temporary file is removed by Cleanup, and Parse removes its own when
// it fails. Middleware does both for you: it parses lazily on the first call
// of FormFrom and cleans up when the handler returns, even if it panics.
//
// # File names
//
// An uploaded file's Name is reduced to its base name (after the last / or
// \), with non-printable characters removed; a part whose name is then empty,
// "." or ".." is dropped, as Django does. The client's name is never used as
// a path: stores generate their own (see Storage).
//
// # Storage
//
// Storage is the contract for keeping files (Save, Open, Delete, Exists,
// URL). FileSystem stores them under a root directory through os.Root, so no
// name can reach outside it: names are validated (no "..", no absolute paths,
// no backslashes or NUL), cleaned to a safe set of characters, never
// overwrite an existing file (a random suffix is added on collision, as
// Django's get_available_name), and are written to a temporary file first
// and then linked into place, so a file is never seen half-written at its
// final path.
package upload
