/* The archive's site search: the header box on every page, and what the search
 * page's own script (briefings-search-page.js) imports from here.
 *
 * A page load costs this file alone. Pagefind's script, WebAssembly and index chunks
 * (pagefind/, written by build_tools/publishing/search_index.py) are loaded the first time a
 * reader focuses the box or opens the search page, and each query fetches only the
 * chunks of its words. Titles, kinds and dates are inserted as text; an excerpt keeps
 * only Pagefind's <mark> highlights, every other character as text, so nothing from
 * a briefing can run here. Nothing is fetched from another host.
 */
const root = new URL("../../", import.meta.url); // the site root: this is assets/javascripts/
export const FILTERS = [
  ["kind", "Kind"],
  ["year", "Year"],
  ["actor", "Actor"],
  ["location", "Location"],
  ["tag", "Tag"],
];
const HEADER_RESULTS = 8;
export const PAGE_RESULTS = 20;
export const FIRST_SHOWN = 3; // fetched before a list shows
// By the title's words once each ("name"), not Pagefind's title: see README, Search.
const RANKING = { termSimilarity: 20, metaWeights: { title: 0, name: 10 } };
let pagefind = null;

export function loadPagefind() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      // noWorker: a search of this index takes milliseconds on the page's own
      // thread, and Pagefind's worker script would be a twelfth of a first query.
      await module.options({
        baseUrl: root.pathname,
        excerptLength: 24,
        noWorker: true,
        ranking: RANKING,
      });
      await module.init();
      return module;
    });
    pagefind.catch(() => {
      pagefind = null; // try again on the next search
    });
  }
  return pagefind;
}

/* While the reader types, fetch the index chunks of the words so far: the search
   that runs once typing pauses finds them loaded (Pagefind's own advice). A word
   of three letters or fewer so far is left out: its prefix spans many chunks of a
   large index, or begins a word found on most pages, whose chunks the finished
   word does not need ("Sus…" on the way to a place fetched "suscipit" too). */
export function preload(query) {
  const words = query.trim().split(/\s+/);
  if (words.length && words[words.length - 1].length < 4) words.pop();
  const known = words.join(" ");
  if (known) loadPagefind().then((module) => module.preload(known)).catch(() => {});
}

// A half-typed "Palmy" stems to "palmi", no word's start: see README, Search.
export async function search(module, query, options) {
  const found = await module.search(query, options);
  const half = found && !found.results.length && /[^aeiouy\s]y$/i.test(query || "");
  return half ? module.search(query.slice(0, -1), options) : found;
}

export function make(tag, className, textContent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (textContent !== undefined) node.textContent = textContent;
  return node;
}

/* Pagefind's excerpt is text with <mark> around the words found. Parsed inertly
   (a template runs nothing), then rebuilt from its text and marks only. */
function excerptNode(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt;
  const out = make("p", "ba-result__excerpt");
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
      out.append(make("mark", "", node.textContent));
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
  const item = make("li", "ba-result");
  const link = make("a", "ba-result__title", (data.meta && data.meta.title) || data.url);
  link.href = data.url;
  item.append(link);
  const facts = [data.meta.kind, data.meta.date].filter(Boolean).join(" · ");
  if (facts) item.append(make("span", "ba-result__meta", facts));
  item.append(excerptNode(data.excerpt || ""));
  return item;
}

/* Past the first few, a result is a placeholder until it scrolls into view: a
   reader fetches the results they see (README, Search). */
export class LazyResults {
  constructor(root) {
    this.waiting = new WeakMap();
    this.observer = new IntersectionObserver((entries) => this.seen(entries), { root });
  }

  items(ready, results, restart) {
    if (restart) this.observer.disconnect();
    return [...ready.map(resultItem), ...results.map((result) => this.placeholder(result))];
  }

  placeholder(result) {
    const item = make("li", "ba-result ba-result--pending");
    item.setAttribute("aria-busy", "true");
    item.append(make("span", "ba-result__meta", "Loading…"));
    this.waiting.set(item, result);
    this.observer.observe(item);
    return item;
  }

  seen(entries) {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const item = entry.target;
      this.observer.unobserve(item);
      this.waiting
        .get(item)
        .data()
        .then((data) => item.replaceWith(resultItem(data)))
        .catch(() => {
          item.firstChild.textContent = "This result could not be loaded.";
        });
    }
  }
}

export function plural(count, one, many) {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

export function searchPageUrl(query, filters) {
  const url = new URL("search/", root);
  if (query) url.searchParams.set("q", query);
  for (const [name] of FILTERS) {
    if (filters && filters[name]) url.searchParams.set(name, filters[name]);
  }
  return url;
}

/* Arrows move between the box and the results, Escape closes. */
export function arrowKeys(event, input, list, onEscape) {
  const links = [...list.querySelectorAll("a.ba-result__title")];
  const at = links.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(at + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    (at === 0 ? input : links[at - 1]).focus();
  } else if (event.key === "Escape" && onEscape) {
    event.preventDefault();
    onEscape();
  }
}

/* ---- the header box ---------------------------------------------------- */

function headerSearch(box) {
  const form = box.querySelector(".ba-search__form");
  const input = box.querySelector(".ba-search__input");
  const panel = box.querySelector(".ba-search__results");
  const status = box.querySelector(".ba-search__status");
  const list = box.querySelector(".ba-search__list");
  const all = box.querySelector(".ba-search__all");
  const opener = box.querySelector(".ba-search__open");
  const closer = box.querySelector(".ba-search__close");
  const lazy = new LazyResults(panel);
  let asked = 0;
  let timer = 0;

  function open() {
    box.classList.add("ba-search--open");
    closer.hidden = false;
    input.focus();
    loadPagefind();
  }

  function close() {
    panel.hidden = true;
    box.classList.remove("ba-search--open");
    closer.hidden = true;
    input.blur();
    if (getComputedStyle(opener).display !== "none") opener.focus();
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++asked;
    if (!query) {
      panel.hidden = true;
      return;
    }
    const module = await loadPagefind();
    const found = await search(module, query);
    if (mine !== asked || !found) return;
    const listed = found.results.slice(0, HEADER_RESULTS);
    const ready = await Promise.all(listed.slice(0, FIRST_SHOWN).map((r) => r.data()));
    if (mine !== asked) return;
    list.replaceChildren(...lazy.items(ready, listed.slice(FIRST_SHOWN), true));
    status.textContent = found.results.length
      ? plural(found.results.length, "result", "results")
      : "No results";
    all.href = searchPageUrl(query).href;
    panel.hidden = false;
  }

  opener.addEventListener("click", (event) => {
    event.preventDefault();
    open();
  });
  closer.addEventListener("click", close);
  input.addEventListener("focus", () => {
    loadPagefind();
    if (input.value.trim() && list.children.length) panel.hidden = false;
  });
  input.addEventListener("input", () => {
    preload(input.value);
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener("keydown", (event) => arrowKeys(event, input, list, close));
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) panel.hidden = true;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.href = searchPageUrl(input.value.trim()).href;
  });
  document.addEventListener("keydown", (event) => {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable='true']")) {
      return;
    }
    event.preventDefault();
    open();
  });
}

for (const box of document.querySelectorAll("[data-ba-search]")) headerSearch(box);
