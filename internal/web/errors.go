package web

import (
	"errors"
	"net/http"

	"broadsheet/internal/news"
	"broadsheet/views"
)

// httpError carries a status for a reader's mistake.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

var (
	errBadRequest = &httpError{http.StatusBadRequest, "bad request"}
	errForbidden  = &httpError{http.StatusForbidden, "cross-origin request refused"}
	errTooLarge   = &httpError{http.StatusRequestEntityTooLarge, "request body too large"}
)

// statusOf is the one table mapping errors to HTTP statuses.
func statusOf(err error) int {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, news.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, news.ErrInvalid):
		return http.StatusBadRequest
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &he):
		return he.status
	}
	return http.StatusInternalServerError
}

// handle adapts a handler that returns an error: the error becomes a page in
// the reader's language, and only server faults are logged.
func (s *Server) handle(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := statusOf(err)
		if status >= 500 {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		s.renderError(w, r, status)
	})
}

// handleLang adapts a handler for one edition's routes.
func (s *Server) handleLang(lang news.Lang, h func(http.ResponseWriter, *http.Request, news.Lang) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error { return h(w, r, lang) })
}

// renderError writes the localized error page for status.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	lang := s.readerLang(r)
	rd := s.reader(r)
	p := s.basePage(r, lang, rd)
	p.Path = "/" + lang.Prefix() + "/"
	p.NoIndex = true
	p.Title = s.translator(lang).T(errorTitleID(status))
	ctx := s.localize(r.Context(), lang)
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("Etag")
	h["Content-Type"] = htmlType
	h["Cache-Control"] = []string{"no-store"}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if err := views.ErrorPage(p, status).Render(ctx, w); err != nil {
		s.log.Error("render error page", "err", err)
	}
}

func errorTitleID(status int) string {
	switch status {
	case http.StatusNotFound:
		return "NotFoundTitle"
	case http.StatusGone:
		return "GoneTitle"
	case http.StatusForbidden:
		return "ForbiddenTitle"
	case http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge:
		return "BadRequestTitle"
	}
	return "ServerErrorTitle"
}
