// Lists the package files (/pkg/…) Chromium fetches to open a page and make it interactive
// (hydrated, with the chunks of a lazy page loaded), one path per line. Used by
// scripts/bench.sh for the download sizes (issue #10).
//   node scripts/bench/fetched.mjs URL [COOKIE]
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("../../end2end/node_modules/playwright-core");

const [url, cookie] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ extraHTTPHeaders: cookie ? { Cookie: cookie } : {} });
// The service worker would fetch every file of the app in the background, after the page is
// interactive: that is the worker keeping the app for offline use, not what the page needs.
await context.addInitScript(() => {
  if (navigator.serviceWorker) navigator.serviceWorker.register = () => new Promise(() => {});
});
const page = await context.newPage();
const fetched = new Set();
page.on("request", (request) => {
  const path = new URL(request.url()).pathname;
  if (path.startsWith("/pkg/")) fetched.add(path);
});
await page.goto(url);
await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
await page.waitForLoadState("networkidle");
for (const path of [...fetched].sort()) console.log(path);
await browser.close();
