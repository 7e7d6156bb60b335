package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"broadsheet/internal/news"
	"broadsheet/views"
)

const photosPageSize = 24

// photos is the photo library: every stored picture with the Markdown that
// puts it in a story body, and a form to add one.
func (s *Server) photos(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	var v views.PhotosView
	// The address is anyone's to write: the notice names only a picture that
	// is in the library, so a link cannot make the newsroom say anything else.
	if name := r.URL.Query().Get("added"); name != "" && len(name) <= 200 {
		if _, err := s.desk.ImageInfo(r.Context(), name); err == nil {
			v.Added = name
		} else if !errors.Is(err, news.ErrNotFound) {
			return err
		}
	}
	return s.renderPhotos(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderPhotos(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.PhotosView) error {
	pg := news.Page{Number: 1, Size: photosPageSize}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 && n < 100_000 {
		pg.Number = n
	}
	ims, total, err := s.desk.Images(r.Context(), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	pg.Total = total
	v.Images, v.Pager = ims, views.Pager{Page: pg, BaseHref: "/newsroom/photos"}
	p := s.newsroomPage(r, sess, s.t(r, "PhotosTitle"))
	p.Nav = "photos"
	return s.renderNewsroom(w, r, status, views.PhotosPage(p, v))
}

// newsroomMedia serves any stored picture or smaller copy to a signed-in
// editor, those of drafts too, which /media/ keeps from readers. Like every
// newsroom response it is not stored by caches (newsroomHandler).
func (s *Server) newsroomMedia(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ct, data, err := s.desk.Media(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	return writePicture(w, ct, data)
}

// addPhoto stores an uploaded photo in the library.
func (s *Server) addPhoto(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	credit := strings.TrimSpace(r.PostFormValue("credit"))
	v := views.PhotosView{Credit: credit}
	if len([]rune(credit)) > 300 {
		v.Error = &views.Msg{ID: "ErrTooLong", Data: map[string]any{"Max": 300, "Count": len([]rune(credit))}}
		return s.renderPhotos(w, r, sess, http.StatusUnprocessableEntity, v)
	}
	im, problem, err := s.uploadPhoto(r, credit)
	switch {
	case err != nil:
		return err
	case problem != nil:
		v.Error = problem
	case im == nil:
		v.Error = &views.Msg{ID: "ErrPhotoMissing"}
	}
	if v.Error != nil {
		return s.renderPhotos(w, r, sess, http.StatusUnprocessableEntity, v)
	}
	http.Redirect(w, r, "/newsroom/photos?added="+url.QueryEscape(im.Name), http.StatusSeeOther)
	return nil
}
