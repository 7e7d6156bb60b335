package hant

// Refresh the OpenCC dictionaries in data/ (needs npm and Debian's opencc;
// see data/README.md).
//go:generate sh data/fetch.sh
