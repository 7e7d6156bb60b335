// Keeps the reader's place when they switch language mid-story. Every
// edition names a paragraph by the same anchor (the original's block it
// renders), so the menu's link to another edition can carry the paragraph
// the reader was on. "Was on" is where scrolling last rested for a moment:
// the menu is at the top of the page, and scrolling up to it must not count.
// Without this script the links still work and open the story at the top.
"use strict";
(() => {
  let place = "";
  let timer = 0;
  const mark = () => {
    place = "";
    if (window.scrollY < 100) return;
    for (const block of document.querySelectorAll(".story-body [id^='p-']")) {
      if (block.getBoundingClientRect().bottom > 0) {
        place = block.id;
        return;
      }
    }
  };
  window.addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(mark, 700);
  }, { passive: true });
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".lang-menu a");
    if (!link || !place) return;
    const url = new URL(link.href, location.href);
    const next = url.searchParams.get("next");
    if (!next || next.includes("#")) return;
    url.searchParams.set("next", next + "#" + place);
    link.href = url.pathname + url.search;
  });
})();
