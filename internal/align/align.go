// Package align pairs the blocks of a translation with the blocks of its
// source, for parallel reading and for "this translation may be outdated"
// notices. It is pure: no storage, no HTTP, no markup.
//
// # Block ids
//
// A block is known by an id that survives edits, so that a translation can
// say which source block it renders even after the writer re-saves the
// source. Ids are short strings, "b1", "b2", …, drawn from a per-story
// counter that only goes up, so the id of a deleted block is never given to
// another one (a translation still naming it must not pick up a stranger).
// news.Block has no ID field yet: ids travel in a slice parallel to the
// blocks, ids[i] being the id of blocks[i].
//
// Assign gives freshly parsed blocks their ids from the previous version:
//
//  1. Blocks whose Hash is unchanged keep their id, wherever they moved.
//     They are matched in order, the k-th copy of a repeated block to the
//     k-th copy that is left.
//  2. Of those matches, the longest run that keeps its order anchors the two
//     versions; the other matches are moves. This is the longest common
//     subsequence of the two hash lists when no block repeats, found as
//     patience diff finds it, in O(n log n) whatever the edit (a table of
//     n×m would cost 25 million cells for a 5 000-block body).
//  3. Between two anchors, the blocks that changed are paired up in order,
//     an edited block taking the id of the old block of the same kind in its
//     place: an edit keeps its id, so the translation's pairing holds and
//     Changed reports the edit.
//  4. Whatever is left is new and gets a fresh id.
//
// # Alignment
//
// An Alignment records, for each block of a translation, the ids of the
// source blocks it renders: one id (1:1); the same single id on several
// consecutive translation blocks (one source paragraph split in two); several
// consecutive ids on one block (source paragraphs merged; several blocks
// with the same ids render a merge split differently); none (a translator's
// note). Source blocks the translator deliberately left out are
// listed in Omitted. No records at all means "the same blocks in the same
// order", what every translation assumed until now.
//
// Pairs turns the records into rows to show side by side. When the pairing
// cannot be trusted it returns Problems and no rows, and the page shows the
// two texts one after the other instead: a wrong pairing would put the wrong
// sentences side by side, which is worse than none.
//
// # Hashes
//
// Hash fingerprints what a reader reads in a block, so that Changed can tell
// a translator which source blocks changed since the translation was made
// (Hashes records them then). Spacing, punctuation, symbols, letter case,
// Unicode compatibility forms (full-width letters and digits) and inline
// markup do not count: a copy-edit that only fixes those does not make a
// translation outdated, and an edit reverted to the recorded text is no
// change.
//
// # Text form
//
// Import, export and the editor write an Alignment as one line of words, in
// terms of 1-based source block numbers (what a translator sees), one word
// per translation block in translation order:
//
//	pairs   = [ word { space word } ]
//	word    = group | "note" | "-" number
//	group   = ref { "+" ref }
//	ref     = number | "?"
//	number  = 1-based source block number, decimal, no sign, no leading zero
//
// "3" renders source block 3; "3+4" renders source blocks 3 and 4 (merged);
// "5 5" are two translation blocks that both render source block 5 (split);
// "note" is a translator's note; "-6" marks source block 6 as left out (it
// takes no translation block and may stand anywhere; Format puts it in source
// order). "?" is a source block that has been deleted since the pairing was
// made: Format writes it so a stale pairing survives export and import, and
// Pairs reports it. The empty string means "no records". For example
//
//	pairs = "1 2 3+4 note 5 5 -6 7"
//
// Parse checks the words and numbers; whether the whole makes sense for a
// translation (order, coverage, the number of blocks) is for Pairs to say, so
// that a stale pairing can still be read, shown and fixed.
package align

import "broadsheet/internal/news"

// Alignment is a translation's pairing records (news.Pairing): kept in
// package news so stories carry them, read and written here.
type Alignment = news.Pairing

// Positional returns the records that pair each source block with the
// translation block in the same place. Storing them rather than no records
// lets Pairs notice later source edits that keep the block count (one
// paragraph added, another deleted) instead of pairing by position.
func Positional(srcIDs []string) *Alignment {
	a := &Alignment{Src: make([][]string, len(srcIDs))}
	for i, id := range srcIDs {
		a.Src[i] = []string{id}
	}
	return a
}

// empty reports whether a holds no records, in which case blocks pair by
// position.
func empty(a *Alignment) bool {
	return a == nil || len(a.Src) == 0 && len(a.Omitted) == 0
}
