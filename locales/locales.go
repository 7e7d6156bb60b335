// Package locales embeds the UI string files, one per language, named
// active.<language>.toml as go-i18n expects.
package locales

import "embed"

// FS holds active.en.toml and active.zh-Hans.toml.
//
//go:embed active.*.toml
var FS embed.FS
