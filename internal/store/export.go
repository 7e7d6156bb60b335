package store

import (
	"context"
	"time"

	"broadsheet/internal/news"
)

// Export reads every story as written — drafts and scheduled ones too — with
// the bytes of every picture it uses (lead and inline), for writing out as
// an edition directory. Smaller copies are left out: they are made again
// from the picture on import.
func (s *Store) Export(ctx context.Context) ([]news.StoryInput, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM stories ORDER BY key`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]news.StoryInput, 0, len(ids))
	for _, id := range ids {
		e, err := s.StoryForEdit(ctx, id)
		if err != nil {
			return nil, err
		}
		in := e.StoryInput
		for i := range in.Translations {
			// Not part of the edition format: a re-imported draft forgets it.
			in.Translations[i].FirstPublishedAt = time.Time{}
		}
		credit := map[string]string{}
		for _, im := range in.Images {
			credit[im.Name] = im.Credit
		}
		var names []string
		if in.LeadImage != "" {
			names = append(names, in.LeadImage)
		}
		for _, t := range in.Translations {
			for _, b := range t.Body {
				if b.Kind == news.BlockImage && b.Image != nil {
					names = append(names, b.Image.Name)
					if _, ok := credit[b.Image.Name]; !ok {
						credit[b.Image.Name] = b.Image.Credit
					}
				}
			}
		}
		in.Images = nil
		seen := map[string]bool{}
		for _, name := range names {
			if seen[name] {
				continue
			}
			seen[name] = true
			var im news.ImageFile
			err := s.db.QueryRowContext(ctx, `SELECT name, content_type, width, height, data FROM images WHERE name = ?`, name).
				Scan(&im.Name, &im.ContentType, &im.Width, &im.Height, &im.Data)
			if err != nil {
				return nil, err
			}
			im.Credit = credit[name]
			in.Images = append(in.Images, im)
		}
		out = append(out, in)
	}
	return out, nil
}
