// The story editor's formatting toolbar and live length, as progressive
// enhancement: without this file the toolbars stay hidden, the formatting
// help is there to read, and the length is the server's, as of the last load.
(function () {
  "use strict";

  // count mirrors content.Count (internal/content/count.go): each Chinese
  // character or full-width mark is one, each word of other scripts is one,
  // markup is left out. Change both together.
  var alone = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3001-\u303F\uFF01-\uFF60]/u;
  var alnum = /[\p{L}\p{N}]/u;
  var space = /\s/u;
  function count(src) {
    var kept = [], fence = "";
    src.split("\n").forEach(function (line) {
      var t = line.replace(/^ +/, "");
      if (fence) {
        if (t.startsWith(fence)) fence = "";
        return;
      }
      if (t.startsWith("```") || t.startsWith("~~~")) {
        fence = t.slice(0, 3);
        return;
      }
      kept.push(line);
    });
    var s = kept.join("\n")
      .replace(/!\[[^\]\n]*\]\([^)\n]*\)/g, " ")
      .replace(/[\]］】][(（](?:[a-z]+:|\/|#)[^)） \t\n]*[)）]/gu, " ")
      .replace(/^[ \t]*(?:[#＃>＞]+[ \t\u3000]*)*(?:\d+[.)][ \t])?/gmu, " ");
    var n = 0, inWord = false, counted = false;
    for (var ch of s) {
      if (alone.test(ch) || space.test(ch)) {
        if (alone.test(ch)) n++;
        inWord = false;
        counted = false;
      } else {
        inWord = true;
        if (!counted && alnum.test(ch)) {
          n++;
          counted = true;
        }
      }
    }
    return n;
  }

  function showCount(area, out) {
    var n = count(area.value);
    var text = n === 1 ? out.dataset.one : out.dataset.other;
    out.textContent = text.replace("#", String(n));
  }

  // insert puts text in place of the selection, as typing would (so Undo
  // takes it back), then selects from..to within it.
  function insert(area, text, from, to) {
    var start = area.selectionStart;
    area.focus();
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      area.setRangeText(text, start, area.selectionEnd, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(start + from, start + to);
  }

  // A block (sub-heading, quote, picture) starts a line of its own, after a
  // blank line when text comes before it.
  function blockStart(area) {
    var before = area.value.slice(0, area.selectionStart);
    if (before === "" || before.endsWith("\n\n")) return "";
    return before.endsWith("\n") ? "\n" : "\n\n";
  }

  var tools = {
    heading: function (area, sel) {
      var pre = blockStart(area) + "## ";
      return [pre + sel, pre.length, pre.length + sel.length];
    },
    quote: function (area, sel) {
      var pre = blockStart(area) + "> ";
      var body = sel.replace(/\n/g, "\n> ");
      return [pre + body, pre.length, pre.length + body.length];
    },
    link: function (area, sel) {
      // The address is selected to be typed over; with nothing selected,
      // the cursor waits for the link's words.
      var text = "[" + sel + "](https://)";
      if (sel === "") return [text, 1, 1];
      return [text, sel.length + 3, text.length - 1];
    },
    picture: function (area, sel) {
      var pre = blockStart(area) + "![" + sel + "](";
      var text = pre + ")\n\n";
      return [text, pre.length, pre.length];
    },
  };

  document.querySelectorAll(".md-toolbar").forEach(function (bar) {
    var area = document.getElementById(bar.dataset.for);
    if (!area) return;
    bar.hidden = false;
    bar.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-tool]");
      if (!b || !tools[b.dataset.tool]) return;
      var sel = area.value.slice(area.selectionStart, area.selectionEnd);
      var r = tools[b.dataset.tool](area, sel);
      insert(area, r[0], r[1], r[2]);
    });
    var out = document.getElementById(area.id + "-count");
    if (out) {
      area.addEventListener("input", function () { showCount(area, out); });
    }
  });
})();
