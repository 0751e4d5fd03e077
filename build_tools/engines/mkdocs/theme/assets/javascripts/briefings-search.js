/* The archive's site search: the header box on every page and the /search/ page.
 *
 * A page load costs this file alone. Pagefind's script, WebAssembly and index chunks
 * (pagefind/, written by build_tools/publishing/search_index.py) are loaded the first time a
 * reader focuses the box or opens the search page, and each query fetches only the
 * chunks of its words. Titles, kinds and dates are inserted as text; an excerpt keeps
 * only Pagefind's <mark> highlights, every other character as text, so nothing from
 * a briefing can run here. Nothing is fetched from another host.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const root = new URL("../../", script.src); // the site root: this is assets/javascripts/
  const FILTERS = [
    ["kind", "Kind"],
    ["year", "Year"],
    ["actor", "Actor"],
    ["location", "Location"],
    ["tag", "Tag"],
  ];
  const HEADER_RESULTS = 8;
  const PAGE_RESULTS = 20;
  const FIRST_SHOWN = 3; // fetched before a list shows
  // By the title's words once each ("name"), not Pagefind's title: see README, Search.
  const RANKING = { termSimilarity: 20, metaWeights: { title: 0, name: 10 } };
  let pagefind = null;

  function loadPagefind() {
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
  function preload(query) {
    const words = query.trim().split(/\s+/);
    if (words.length && words[words.length - 1].length < 4) words.pop();
    const known = words.join(" ");
    if (known) loadPagefind().then((module) => module.preload(known)).catch(() => {});
  }

  // A half-typed "Palmy" stems to "palmi", no word's start: see README, Search.
  async function search(module, query, options) {
    const found = await module.search(query, options);
    const half = found && !found.results.length && /[^aeiouy\s]y$/i.test(query || "");
    return half ? module.search(query.slice(0, -1), options) : found;
  }

  function make(tag, className, textContent) {
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
  class LazyResults {
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

  function plural(count, one, many) {
    return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
  }

  function searchPageUrl(query, filters) {
    const url = new URL("search/", root);
    if (query) url.searchParams.set("q", query);
    for (const [name] of FILTERS) {
      if (filters && filters[name]) url.searchParams.set(name, filters[name]);
    }
    return url;
  }

  /* Arrows move between the box and the results, Escape closes. */
  function arrowKeys(event, input, list, onEscape) {
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

  /* ---- the search page ---------------------------------------------------- */

  function searchPage(app) {
    for (const note of document.querySelectorAll(".ba-search-nojs")) note.hidden = true;
    const params = new URLSearchParams(window.location.search);
    const state = { query: params.get("q") || "", filters: {} };
    const form = make("form", "ba-search-page__form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Search with filters");
    const label = make("label", "ba-search-page__label", "Words, names or aliases");
    const input = make("input", "ba-search-page__input");
    input.type = "search";
    input.id = "ba-search-page-query";
    input.name = "q";
    input.autocomplete = "off";
    input.value = state.query;
    label.htmlFor = input.id;
    const filterBox = make("fieldset", "ba-search-page__filters");
    filterBox.append(make("legend", "", "Filters"));
    const selects = {};
    for (const [name, title] of FILTERS) {
      const field = make("label", "ba-filter");
      field.append(make("span", "ba-filter__name", title));
      const select = make("select", "ba-filter__select");
      select.name = name;
      field.append(select);
      filterBox.append(field);
      selects[name] = select;
    }
    const reset = make("button", "md-button ba-search-page__reset", "Clear filters");
    reset.type = "button";
    filterBox.append(reset);
    form.append(label, input, filterBox);
    const status = make("p", "ba-search-page__status");
    status.setAttribute("role", "status");
    const list = make("ol", "ba-search-page__results");
    const more = make("button", "md-button ba-search-page__more", "More results");
    more.type = "button";
    more.hidden = true;
    app.replaceChildren(form, status, list, more);

    const lazy = new LazyResults(null);
    let all = {}; // every filter value with its count in the whole index
    let results = [];
    let shown = 0;
    let asked = 0;
    let timer = 0;

    function matchValue(name, wanted) {
      const values = Object.keys(all[name] || {});
      return values.find((v) => v === wanted) || values.find((v) => v.toLowerCase() === wanted.toLowerCase());
    }

    function fillSelect(name, counts) {
      const select = selects[name];
      const chosen = state.filters[name] || "";
      const values = Object.keys(all[name] || {}).sort((a, b) =>
        name === "year" ? b.localeCompare(a) : a.localeCompare(b, "en", { sensitivity: "base" }),
      );
      const options = [new Option(`Any ${name}`, "")];
      for (const value of values) {
        const count = counts[name] ? counts[name][value] || 0 : 0;
        const option = new Option(`${value} (${count.toLocaleString("en")})`, value);
        option.disabled = count === 0 && value !== chosen;
        options.push(option);
      }
      select.replaceChildren(...options);
      select.value = chosen;
    }

    function keepInAddress() {
      const url = searchPageUrl(state.query, state.filters);
      if (url.href !== window.location.href) window.history.replaceState(null, "", url);
    }

    async function showMore() {
      const mine = asked;
      const next = results.slice(shown, shown + PAGE_RESULTS);
      const first = shown === 0;
      const ready = first ? await Promise.all(next.slice(0, FIRST_SHOWN).map((r) => r.data())) : [];
      if (mine !== asked) return;
      list.append(...lazy.items(ready, next.slice(ready.length), first));
      shown += next.length;
      more.hidden = shown >= results.length;
    }

    async function run() {
      const mine = ++asked;
      keepInAddress();
      const module = await loadPagefind();
      const filters = {};
      for (const [name, value] of Object.entries(state.filters)) if (value) filters[name] = value;
      const browsing = !state.query;
      const found = await search(module, browsing ? null : state.query, {
        filters,
        sort: browsing ? { date: "desc" } : undefined,
      });
      if (mine !== asked) return;
      if (!found) return;
      results = found.results;
      const counts = browsing && !Object.keys(filters).length ? all : found.filters;
      for (const [name] of FILTERS) fillSelect(name, counts);
      list.replaceChildren();
      status.textContent = "";
      shown = 0;
      if (browsing && !Object.keys(filters).length) {
        status.textContent = "Type a word, a name or an alias, or choose a filter.";
        more.hidden = true;
        return;
      }
      await showMore();
      if (mine !== asked) return;
      status.textContent = results.length ? plural(results.length, "result", "results") : "No results";
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    }

    input.addEventListener("input", () => {
      state.query = input.value.trim();
      preload(state.query);
      later();
    });
    for (const [name] of FILTERS) {
      selects[name].addEventListener("change", () => {
        state.filters[name] = selects[name].value;
        run();
      });
    }
    reset.addEventListener("click", () => {
      state.filters = {};
      run();
    });
    more.addEventListener("click", showMore);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      state.query = input.value.trim();
      run();
    });
    form.addEventListener("keydown", (event) => {
      if (event.target === input) arrowKeys(event, input, list, null);
    });
    list.addEventListener("keydown", (event) => arrowKeys(event, input, list, () => input.focus()));

    loadPagefind().then(async (module) => {
      all = await module.filters();
      for (const [name] of FILTERS) {
        const wanted = params.get(name);
        if (wanted) {
          const value = matchValue(name, wanted);
          if (value) state.filters[name] = value;
        }
      }
      await run();
    });
  }

  for (const box of document.querySelectorAll("[data-ba-search]")) headerSearch(box);
  const app = document.getElementById("ba-search-app");
  if (app) searchPage(app);
})();
