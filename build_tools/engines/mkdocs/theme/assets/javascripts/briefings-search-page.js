/* The /search/ page: results, filters with their counts, the search in the address.
 * Loaded on that page alone (theme main.html); the header's script brings the rest. */
import {
  FILTERS,
  FIRST_SHOWN,
  LazyResults,
  PAGE_RESULTS,
  arrowKeys,
  loadPagefind,
  make,
  plural,
  preload,
  search,
  searchPageUrl,
} from "./briefings-search.js";

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
  // Folded where they would push the results out of a phone's first screen, and then
  // their values load only when the reader opens them.
  const named = FILTERS.some(([name]) => params.has(name));
  const unfolded = named || window.matchMedia("(min-width: 45em)").matches;
  const toggle = make("button", "md-button ba-search-page__toggle", "Filters");
  const chosenCount = make("span", "ba-search-page__chosen");
  toggle.append(chosenCount);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", String(unfolded));
  toggle.setAttribute("aria-controls", "ba-search-page-filters");
  const filterBox = make("fieldset", "ba-search-page__filters");
  filterBox.id = "ba-search-page-filters";
  filterBox.setAttribute("aria-label", "Filters");
  filterBox.hidden = !unfolded;
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
  form.append(label, input, toggle, filterBox);
  const status = make("p", "ba-search-page__status");
  status.setAttribute("role", "status");
  const list = make("ol", "ba-search-page__results");
  const more = make("button", "md-button ba-search-page__more", "More results");
  more.type = "button";
  more.hidden = true;
  app.replaceChildren(form, status, list, more);

  const lazy = new LazyResults(null);
  let all = null; // every filter value with its count in the whole index, once loaded
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
    const values = Object.keys((all && all[name]) || {}).sort((a, b) =>
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

  /* The search of the page's query and filters, and whether it asks for anything. */
  async function find(module) {
    const filters = {};
    for (const [name, value] of Object.entries(state.filters)) if (value) filters[name] = value;
    const browsing = !state.query;
    const found = await search(module, browsing ? null : state.query, {
      filters,
      sort: browsing ? { date: "desc" } : undefined,
    });
    return found && { found, everything: browsing && !Object.keys(filters).length };
  }

  function showCounts({ found, everything }) {
    if (!all) return; // until the values are in: they come after the first results
    for (const [name] of FILTERS) fillSelect(name, everything ? all : found.filters);
  }

  async function run() {
    const mine = ++asked;
    keepInAddress();
    const chosen = Object.values(state.filters).filter(Boolean).length;
    chosenCount.textContent = chosen ? ` (${chosen} chosen)` : "";
    const module = await loadPagefind();
    const answer = await find(module);
    if (mine !== asked || !answer) return;
    results = answer.found.results;
    showCounts(answer);
    list.replaceChildren();
    status.textContent = "";
    shown = 0;
    if (answer.everything) {
      status.textContent = "Type a word, a name or an alias, or choose a filter.";
      more.hidden = true;
      return;
    }
    await showMore();
    if (mine !== asked) return;
    status.textContent = results.length ? plural(results.length, "result", "results") : "No results";
  }

  /* Every filter's values: half a megabyte at 10,000 long briefings, so they load
     after the first results, once the filters are open, unless the address names a
     filter, whose value is matched to the index's (a shared "syria" is the filter's
     "Syria"). */
  let valuesLoading = null;
  function loadValues(module) {
    valuesLoading = valuesLoading || loadFilters(module);
    return valuesLoading;
  }

  async function loadFilters(module) {
    all = await module.filters();
    for (const [name] of FILTERS) {
      const wanted = params.get(name);
      const value = wanted && matchValue(name, wanted);
      if (value) state.filters[name] = value;
    }
    filterBox.removeAttribute("aria-busy");
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

  async function showValues() {
    if (all) return;
    const module = await loadPagefind();
    await loadValues(module);
    const mine = asked;
    const answer = await find(module);
    if (mine === asked && answer) showCounts(answer);
  }

  toggle.addEventListener("click", () => {
    const open = filterBox.hidden;
    filterBox.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) showValues();
  });

  for (const [name] of FILTERS) fillSelect(name, {});
  filterBox.setAttribute("aria-busy", "true");
  loadPagefind().then(async (module) => {
    if (named) await loadValues(module);
    await run();
    if (!filterBox.hidden) await showValues();
  });
}

const app = document.getElementById("ba-search-app");
if (app) searchPage(app);
