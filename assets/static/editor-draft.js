// Keeps a draft of the story editor in this browser while the editor types,
// so that a crash, a closed tab or an ended session loses nothing: the next
// time the story's editor opens, it offers the draft back (the words of the
// offer are in the page, in the editor's language). A draft is keyed by the
// story (a new story by its create token) and remembers the version it
// started from, so saving a draft of an older version meets the editor's
// usual "someone else saved" check. A successful save clears it; leaving
// with unsaved changes asks first. Without this script the editor works
// the same, and a save after the session ended still keeps the text.
"use strict";
(() => {
  const form = document.getElementById("editor");
  const offer = document.getElementById("editor-draft");
  if (!form || !offer) return;
  let store, tab;
  try {
    store = window.localStorage;
    tab = window.sessionStorage;
    store.getItem("");
  } catch {
    return; // storage is off in this browser: nothing to keep a draft in
  }
  const PREFIX = "broadsheet-draft:";
  const SENT = "broadsheet-draft-sent"; // the draft of a form being saved
  const MAX_DRAFTS = 20;
  const isNew = offer.dataset.key.startsWith("new:");
  let key = PREFIX + offer.dataset.key;

  // What a draft keeps: what the editor types or chooses. The version and
  // create token go with it separately; the CSRF token and a photo file never.
  // A picture picked from the library (radio buttons) is a choice the
  // page's list changes under, not typed work: it is not kept.
  const fields = () => [...form.elements].filter((e) =>
    e.name && !e.disabled && !["hidden", "file", "submit", "button", "radio"].includes(e.type));
  const valueOf = (e) => e.type === "checkbox" ? (e.checked ? e.value : "") : e.value;
  const defaultOf = (e) => {
    if (e.type === "checkbox") return e.defaultChecked ? e.value : "";
    if (e.tagName === "SELECT") {
      const o = [...e.options].find((o) => o.defaultSelected) || e.options[0];
      return o ? o.value : "";
    }
    return e.defaultValue;
  };
  const snapshot = (get) => {
    const o = {};
    for (const e of fields()) o[e.name] = get(e);
    return o;
  };
  // Whether a draft says the same as the form now, in the fields both have.
  const sameAsForm = (d) => {
    const now = snapshot(valueOf);
    return Object.keys(d).every((k) => !(k in now) || now[k] === d[k]);
  };
  const blank = (o) => fields().every((e) =>
    e.tagName === "SELECT" || e.type === "checkbox" || !(o[e.name] || "").trim());
  // The page was sent and came back unsaved (preview, errors, signed in again).
  const sentUnsaved = offer.dataset.unsaved === "1";
  const unsaved = () => {
    const now = snapshot(valueOf);
    if (sentUnsaved && !blank(now)) return true;
    const was = snapshot(defaultOf);
    return Object.keys(now).some((k) => now[k] !== was[k]);
  };

  const read = (k) => {
    try {
      const d = JSON.parse(store.getItem(k));
      return d && typeof d.fields === "object" ? d : null;
    } catch {
      return null;
    }
  };
  const drafts = () => {
    const out = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k && k.startsWith(PREFIX)) out.push([k, read(k)]);
    }
    return out.sort((a, b) => ((b[1] && b[1].at) || 0) - ((a[1] && a[1].at) || 0));
  };
  // Only the newest drafts are kept, and fewer when the browser is full.
  const prune = (keep) => {
    for (const [k] of drafts().filter(([k]) => k !== key).slice(keep)) store.removeItem(k);
  };
  const write = () => {
    const d = JSON.stringify({
      version: form.elements.version ? form.elements.version.value : "",
      token: form.elements.create_token ? form.elements.create_token.value : "",
      at: Date.now(),
      fields: snapshot(valueOf),
    });
    try {
      store.setItem(key, d);
    } catch {
      prune(0);
      try { store.setItem(key, d); } catch { /* too large for this browser */ }
    }
    prune(MAX_DRAFTS - 1);
  };
  // While a draft is offered it is never overwritten: the editor decides first.
  let offered = null;
  const save = () => {
    if (offered) return;
    if (unsaved()) write();
    else store.removeItem(key);
  };

  // A save that went through clears the draft it sent.
  let sent = null;
  try {
    sent = tab.getItem(SENT);
    tab.removeItem(SENT);
  } catch { /* no session storage: the draft is cleared as it matches */ }
  if (sent && new URLSearchParams(location.search).has("saved")) {
    store.removeItem(sent);
    store.removeItem(key);
  }

  // The draft to offer: this story's, or for a new story the newest kept
  // for any new story, unless it says what the page already shows.
  const candidates = [[key, read(key)]];
  if (isNew) candidates.push(...drafts().filter(([k]) => k.startsWith(PREFIX + "new:") && k !== key));
  for (const [k, d] of candidates) {
    if (!d) continue;
    if (blank(d.fields) && isNew) continue;
    // A page that came back from the editor's own Preview, Insert picture
    // or errors shows what was just sent, as the server read it (trimmed,
    // a picture added): its own draft is older, and is replaced, not offered.
    if (k === key && sentUnsaved) continue;
    if (sameAsForm(d.fields)) {
      if (k === key && !sentUnsaved) store.removeItem(k); // saved already
      continue;
    }
    offered = [k, d];
    break;
  }
  if (offered) {
    offer.hidden = false;
  } else if (sentUnsaved) {
    save(); // what came back unsaved is kept from the start
  }

  const settle = () => {
    offer.hidden = true;
    offered = null;
    save();
  };
  offer.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("button[data-draft]");
    if (!b || !offered) return;
    const [k, d] = offered;
    if (b.dataset.draft === "discard") {
      store.removeItem(k);
      settle();
      return;
    }
    let first = null;
    for (const [name, v] of Object.entries(d.fields)) {
      const e = form.elements.namedItem(name);
      if (!e || !e.name || valueOf(e) === v) continue;
      if (e.type === "checkbox") e.checked = v !== "";
      else e.value = v;
      first = first || e;
    }
    // Saving a draft of an older version is checked against what was saved since.
    const ver = form.elements.version;
    if (ver && d.version && Number(d.version) < Number(ver.value)) ver.value = d.version;
    if (isNew && d.token && form.elements.create_token) {
      form.elements.create_token.value = d.token; // sent twice, still one story
      if (k !== key) store.removeItem(key);
      key = k;
    }
    settle();
    if (first) first.focus();
  });

  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save();
  });

  let sending = false;
  form.addEventListener("submit", (ev) => {
    sending = true;
    clearTimeout(timer);
    save(); // kept until the save is seen to have gone through
    const action = ev.submitter ? ev.submitter.value : "";
    if (action && action !== "preview") {
      try { tab.setItem(SENT, key); } catch { /* see above */ }
    }
  });
  window.addEventListener("pageshow", () => { sending = false; });
  window.addEventListener("beforeunload", (ev) => {
    if (sending || !unsaved()) return;
    ev.preventDefault();
    ev.returnValue = "";
  });
})();
