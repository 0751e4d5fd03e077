// Lighthouse's accessibility and best-practices results for each address given, as
// JSON on stdout: {address: {scores: {category: 0..1}, failed: [{id, title, items}]}}.
// One Chromium (CHROME_PATH) serves every audit: starting it costs a few seconds each.
// Usage: node lighthouse-scores.mjs SKIPPED_AUDITS_COMMA_SEPARATED URL...
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [skipped, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
try {
  const results = {};
  for (const url of urls) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      logLevel: "error",
      onlyCategories: ["accessibility", "best-practices"],
      skipAudits: skipped ? skipped.split(",") : [],
    });
    const scores = {};
    const failed = [];
    for (const [name, category] of Object.entries(lhr.categories)) {
      scores[name] = category.score;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = (audit.details?.items ?? []).map(
            (item) => item.node?.selector ?? item.description ?? item.url ?? "",
          );
          failed.push({ id: audit.id, title: audit.title, items });
        }
      }
    }
    results[url] = { scores, failed };
  }
  process.stdout.write(JSON.stringify(results));
} finally {
  await chrome.kill();
}
