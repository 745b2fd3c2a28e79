import { APIRequestContext, BrowserContext, chromium, expect, Page, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shot, signIn, waitForHydration } from "./helpers";

// The installable app (#9): Chromium's installability verdict, the service worker, and the
// two wizards offline: draft kept through a reload, submission queued in the outbox, sent
// exactly once when the connection returns. (Playwright's offline mode also reaches the
// service worker's own requests, so "offline" here is offline for the worker too.)

/** Waits until a service worker controls the page (it claims the page on first install). */
async function controlledByWorker(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const controlled = () => page.evaluate(() => !!navigator.serviceWorker.controller);
  try {
    await expect.poll(controlled, { timeout: 10_000 }).toBe(true);
  } catch {
    // A page that loaded while the worker was between install and its claim can be missed by
    // the claim; a page loaded after activation always belongs to the worker.
    await page.reload();
    await waitForHydration(page);
    await expect.poll(controlled, { timeout: 20_000 }).toBe(true);
  }
}

/** Waits until the worker kept this page for offline use. */
async function keptOffline(page: Page, path: string) {
  await expect
    .poll(() => page.evaluate(async (p) => {
      for (const name of await caches.keys()) {
        if (await (await caches.open(name)).match(p)) return true;
      }
      return false;
    }, path), { timeout: 20_000 })
    .toBe(true);
}

/** Opens a wizard online, so the worker keeps it, then goes offline. */
async function openWizardThenGoOffline(page: Page, context: BrowserContext, path: string) {
  await page.goto("/");
  await waitForHydration(page);
  await controlledByWorker(page);
  await page.goto(path);
  await waitForHydration(page);
  await keptOffline(page, path);
  // The offline page is kept again from this session (it names the signed-in user).
  await expect
    .poll(() => page.evaluate(async () => {
      for (const name of await caches.keys()) {
        const kept = await (await caches.open(name)).match("/offline");
        if (kept && (await kept.text()).includes('class="who"')) return true;
      }
      return false;
    }), { timeout: 20_000 })
    .toBe(true);
  await context.setOffline(true);
  await expect(page.locator("#offline-banner")).toBeVisible();
}

async function api(request: APIRequestContext, endpoint: string, form: Record<string, string>) {
  const response = await request.post(`/api/${endpoint}`, { form });
  expect(response.ok(), `${endpoint}: ${response.status()}`).toBeTruthy();
  return response.json();
}

test("Chromium finds the app installable: manifest, icons and an activated service worker", async ({}, testInfo) => {
  // Chromium never offers to install from an incognito profile, which is what Playwright's
  // contexts are: this test uses a real (temporary) profile instead.
  const profile = mkdtempSync(join(tmpdir(), "pd-profile-"));
  const use = testInfo.project.use;
  const context = await chromium.launchPersistentContext(profile, {
    ...use.launchOptions,
    baseURL: use.baseURL,
    viewport: use.viewport,
  });
  try {
    await installable(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

async function installable(page: Page) {
  await signIn(page, "advisor@contoso.example");
  await waitForHydration(page);
  await controlledByWorker(page);

  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ name: "PartnerDesk", start_url: "/", display: "standalone", theme_color: "#0f4c81" });
  for (const [size, purpose] of [["192x192", "any"], ["512x512", "any"], ["192x192", "maskable"], ["512x512", "maskable"]]) {
    const icon = manifest.icons.find((i: { sizes: string; purpose: string }) => i.sizes === size && i.purpose === purpose);
    expect(icon, `${size} ${purpose}`).toBeTruthy();
    const image = await page.request.get(icon.src);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
  }
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");

  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { state: registration?.active?.state, script: registration?.active?.scriptURL, scope: registration?.scope };
  });
  expect(worker.state).toBe("activated");
  expect(worker.script).toMatch(/\/sw\.js$/);
  expect(new URL(worker.scope!).pathname).toBe("/");

  // Chromium's own verdict.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);
  const { errors } = await cdp.send("Page.getAppManifest");
  expect(errors).toEqual([]);
}

test("offline, the Create purchase offer wizard keeps its draft, queues the offer and sends it once", async ({ page, context }, testInfo) => {
  await signIn(page, "advisor@contoso.example");
  const before = (await api(page.request, "offers/list", { search: "", page: "1" })).total as number;

  await openWizardThenGoOffline(page, context, "/offers/new");
  await page.getByLabel("Partner office").selectOption({ index: 1 });
  await page.getByLabel("Usage location").fill("NL");
  // The subscriptions for the Netherlands come from the catalog that came with the page.
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("12");
  await shot(page, testInfo, "offline-offer-wizard");

  // A reload without a connection: the worker serves the page, the draft comes back.
  await page.reload();
  await waitForHydration(page);
  await expect(page.locator("#offline-banner")).toBeVisible();
  await expect(page.locator("#draft-restored")).toBeVisible();
  await expect(page.getByLabel("Usage location")).toHaveValue("NL");
  await expect(page.getByRole("spinbutton", { name: "License count" })).toHaveValue("12");

  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.locator("#queued-notice")).toBeVisible();
  const outbox = page.locator("#outbox");
  await expect(outbox.locator(".outbox-item")).toHaveCount(1);
  await expect(outbox).toContainText("Purchase offer: Netherlands, 1 subscription(s)");
  await expect(outbox).toContainText("Waiting for the connection");
  await expect(page.getByLabel("Usage location")).toHaveValue("");
  await shot(page, testInfo, "offline-outbox");

  // A page that needs live data says so.
  await page.goto("/offers");
  await expect(page.getByRole("heading", { name: "Not available offline" })).toBeVisible();
  await waitForHydration(page);
  // It names the page asked for, and Try again goes back there (the worker fills the name into
  // the offline page it kept; hydration keeps it).
  await expect(page.getByText("/offers shows live data and needs a connection")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", "/offers");
  expect(await page.content()).not.toContain("__partnerdesk_from__");
  await expect(outbox).toContainText("Waiting for the connection");
  await shot(page, testInfo, "offline-page");

  // Back online: sent by itself, once.
  await context.setOffline(false);
  await expect(page.locator("#offline-banner")).toHaveCount(0);
  await expect(outbox).toContainText(/Sent: offer PO-\w{4}-\w{4} was created\./, { timeout: 20_000 });
  const summary = (await outbox.textContent())!.match(/PO-\w{4}-\w{4}/)![0];
  await shot(page, testInfo, "outbox-sent");
  await page.reload();
  await waitForHydration(page);
  await expect(outbox).toContainText(summary);
  expect((await api(page.request, "offers/list", { search: "", page: "1" })).total).toBe(before + 1);
  const found = await api(page.request, "offers/list", { search: summary, page: "1" });
  expect(found.total).toBe(1);
  expect(found.rows[0].lines[0]).toMatchObject({ subscription_id: "M365-BUSINESS-BASIC", license_count: 12 });
  await outbox.getByRole("button", { name: "Dismiss" }).click();
  await expect(outbox).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(".draft.")).length)).toBe(0);
});

test("offline, the New customer wizard keeps its step, queues the customer and shows the setup info once sent", async ({ page, context }, testInfo) => {
  await signIn(page, "sales@northwind.example");
  const domain = "offline" + Math.random().toString(36).slice(2, 9);
  const company = `Offline Bikes ${testInfo.project.name}`;

  await openWizardThenGoOffline(page, context, "/customers/new");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Domain prefix").fill(domain);
  await page.getByLabel("Address line 1").fill("Coolsingel 40");
  await page.getByLabel("City").fill("Rotterdam");
  await page.getByLabel("Postal code").fill("3011 AD");
  await page.getByLabel("Country or region").fill("NL");
  await page.getByLabel("First name").fill("Sanne");
  await page.getByLabel("Last name").fill("de Boer");
  await page.getByLabel("Email").fill("sanne@example.com");
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByText("the server checks it when the customer is sent")).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Premium/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("7");
  await page.getByRole("button", { name: "Next: Review" }).click();
  await expect(page.getByText("Microsoft 365 Business Premium × 7")).toBeVisible();

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator("#draft-restored")).toBeVisible();
  await expect(page.getByText(`${domain}.onmicrosoft.com`)).toBeVisible();
  await expect(page.getByText("Microsoft 365 Business Premium × 7")).toBeVisible();
  await shot(page, testInfo, "offline-customer-review");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.locator("#queued-notice")).toBeVisible();
  const outbox = page.locator("#outbox");
  await expect(outbox).toContainText(`New customer: ${company}`);

  await context.setOffline(false);
  await expect(outbox.getByRole("heading", { name: "Setup info" })).toBeVisible({ timeout: 20_000 });
  await expect(outbox).toContainText(`admin@${domain}.onmicrosoft.com`);
  await shot(page, testInfo, "outbox-customer-sent");
  await outbox.getByRole("button", { name: "Done" }).click();
  await expect(outbox).toHaveCount(0);
  const list = await api(page.request, "customers/list", { search: domain, page: "1" });
  expect(list.Provider.total).toBe(1);
});

test("a refused submission shows the server's message and goes back to the wizard to be fixed", async ({ page, context }, testInfo) => {
  await signIn(page, "sales@northwind.example");
  // A domain prefix another customer has already: the server refuses it when it is sent.
  const taken = "offlinetaken" + Math.random().toString(36).slice(2, 7);
  const order = (key: string) => ({ order: { reseller_id: null, details: {
    company_name: "Taken Ltd", domain_prefix: taken, address_line1: "Coolsingel 1", city: "Rotterdam", postal_code: "3011 AD",
    country: "NL", phone: "", registration_number: "", contact_first_name: "A", contact_last_name: "B", contact_email: "a@example.com", language: "en",
  }, lines: [["M365-BUSINESS-BASIC", "1"]], idempotency_key: key } });
  expect((await page.request.post("/api/customers/create", { data: order("first-" + taken) })).ok()).toBeTruthy();

  await openWizardThenGoOffline(page, context, "/customers/new");
  await page.getByLabel("Company name").fill("Taken Two");
  await page.getByLabel("Domain prefix").fill(taken);
  await page.getByLabel("Address line 1").fill("Coolsingel 2");
  await page.getByLabel("City").fill("Rotterdam");
  await page.getByLabel("Postal code").fill("3011 AD");
  await page.getByLabel("Country or region").fill("NL");
  await page.getByLabel("First name").fill("Bo");
  await page.getByLabel("Last name").fill("Jansen");
  await page.getByLabel("Email").fill("bo@example.com");
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("button", { name: "Next: Review" }).click();
  await page.getByRole("button", { name: "Submit" }).click();
  await context.setOffline(false);
  const outbox = page.locator("#outbox");
  await expect(outbox).toContainText("The server refused it:", { timeout: 20_000 });
  await expect(outbox.locator(".reasons")).toContainText("Domain prefix:");
  await shot(page, testInfo, "outbox-refused");
  await outbox.getByRole("button", { name: "Fix in the wizard" }).click();
  await waitForHydration(page);
  await expect(page.locator("#draft-restored")).toBeVisible();
  await expect(page.getByLabel("Domain prefix")).toHaveValue(taken);
  await expect(page.locator("#c-domain ~ .field-error").first()).toBeVisible();
  await expect(page.locator("#outbox")).toHaveCount(0);
});

test("a new version: the update banner offers Reload, which switches to it", async ({ page }, testInfo) => {
  await signIn(page, "advisor@contoso.example");
  await waitForHydration(page);
  await controlledByWorker(page);
  // A new release gives a new worker script; registering the script under a new address
  // makes the browser install it the same way, next to the running one.
  await page.evaluate(() => navigator.serviceWorker.register("/sw.js?release=next").then(() => undefined));
  const banner = page.locator("#update-banner");
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText("A new version of PartnerDesk is ready.");
  await shot(page, testInfo, "update-banner");
  await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Reload" }).click()]);
  await waitForHydration(page);
  // The reloaded page runs under the new worker. (The page registers /sw.js again, which this
  // simulation sees as yet another release; a real release keeps the address.)
  const script = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(script).toContain("release=next");
});
