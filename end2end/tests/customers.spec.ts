import { expect, Page, test } from "@playwright/test";
import { createCustomer, PREMIUM_MONTHLY, shot, signIn, unique, waitForHydration, wasmRequests } from "./helpers";

async function fillDetails(page: Page, company: string, domain: string) {
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Domain prefix").fill(domain);
  await page.getByLabel("Address line 1").fill("Coolsingel 40");
  await page.getByLabel("City").fill("Rotterdam");
  await page.getByLabel("Postal code").fill("3011 AD");
  await page.getByLabel("Country or region").fill("NL");
  await page.getByLabel("First name").fill("Sanne");
  await page.getByLabel("Last name").fill("de Boer");
  await page.getByLabel("Email").fill("sanne@example.com");
}

test("the whole new-customer wizard from the reseller list, with Setup info shown once", async ({ page }, testInfo) => {
  await signIn(page, "agent@northwind.example", "/resellers");
  await waitForHydration(page);
  await page.getByRole("row", { name: /Adatum Resellers/ }).getByRole("link", { name: "Add new customer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New customer");
  await waitForHydration(page);
  await expect(page.getByLabel("Reseller", { exact: true })).toHaveValue(/\d+/);
  await expect(page.getByLabel("Reseller", { exact: true }).locator("option:checked")).toHaveText(/Adatum Resellers/);

  // Each step checks its fields before moving on.
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByRole("alert")).toContainText("Some fields need attention");
  const company = `Contoso Bikes ${testInfo.project.name}`;
  const domain = unique("bikes");
  await fillDetails(page, company, domain);
  await shot(page, testInfo, "new-customer-details");
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByRole("heading", { name: "New subscription", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: "Next: Review" }).click();
  await expect(page.getByText("Check at least one subscription.")).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Premium/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("12");
  // Each line chooses its term and billing plan among those sold in the customer's country.
  await page.getByLabel("Term and billing").selectOption("P1Y-annual");
  await expect(page.locator(".line-plan .line-price")).toHaveText("12 × €248.16 = €2,977.92 a year");
  await page.getByRole("button", { name: "Next: Review" }).click();
  await expect(page.getByText("Microsoft 365 Business Premium × 12")).toBeVisible();
  await expect(page.locator("#review-prices")).toContainText("Microsoft 365 Business Premium: 1 year, billed annually, 12 × €248.16 = €2,977.92 a year");
  await expect(page.locator("#review-prices")).toContainText("Billed annually: €2,977.92");
  await expect(page.getByText(`${domain}.onmicrosoft.com`)).toBeVisible();
  await shot(page, testInfo, "new-customer-review");
  await page.getByRole("button", { name: "Submit" }).click();

  await expect(page.getByRole("heading", { name: "Setup info" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("can't access this information again");
  await expect(page.locator("#admin-user")).toHaveText(`admin@${domain}.onmicrosoft.com`);
  const password = (await page.locator("#temporary-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await shot(page, testInfo, "new-customer-setup-info");
  await page.getByRole("link", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByText(password)).toHaveCount(0);

  // The new customer appears associated with the reseller; filter by reseller.
  await page.getByLabel("Indirect reseller").selectOption({ label: "Adatum Resellers" });
  await page.getByLabel("Search by name or domain").fill(domain);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.locator("li.customer", { hasText: company });
  await expect(row).toContainText("Reseller: Adatum Resellers");
  await row.locator("summary").click();
  await expect(row.getByRole("cell", { name: "Adatum Resellers (3000001)" })).toBeVisible();
  await shot(page, testInfo, "customers-filtered");

  // Going back does not show the credentials again.
  await page.goBack();
  await expect(page.getByText(password)).toHaveCount(0);
});

test("Cancel discards the entire operation", async ({ page }) => {
  await signIn(page, "sales@northwind.example", "/customers/new");
  await waitForHydration(page);
  const domain = unique("cancelled");
  await fillDetails(page, "Never Stored Ltd", domain);
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("button", { name: "Next: Review" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await page.goto(`/customers?q=${domain}`);
  await expect(page.getByText("No customers match")).toBeVisible();
});

test("Add subscription with a reseller, then set Reseller (MPN ID) and Designated support contact", async ({ page }, testInfo) => {
  await signIn(page, "admin@northwind.example", "/customers?q=Coho");
  await waitForHydration(page);
  const row = page.locator("li.customer", { hasText: "Coho Winery" });
  await row.locator("summary").click();
  await row.getByRole("link", { name: "Add subscription" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add subscription");
  await waitForHydration(page);
  await page.getByRole("checkbox", { name: /Power BI Pro/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("6");
  // Each line chooses its term and billing plan, at the price list's price in the customer's country.
  await page.getByLabel("Term and billing").selectOption("P1Y-annual");
  await expect(page.locator(".line-plan .line-price")).toHaveText("6 × €157.92 = €947.52 a year");
  await expect(page.locator("#add-totals")).toContainText("Billed annually: €947.52");
  await expect(page.getByRole("note")).toContainText("no reseller earns incentives");
  await page.getByLabel("Reseller that earns incentives").selectOption({ label: "Adatum Resellers (3000001)" });
  await expect(page.getByRole("note")).toHaveCount(0);
  await shot(page, testInfo, "add-subscription");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/customers$/);

  await page.goto("/customers?q=Coho");
  await waitForHydration(page);
  await row.locator("summary").click();
  const powerBi = row.getByRole("row", { name: /Power BI Pro/ }).last();
  await expect(powerBi).toContainText("Adatum Resellers (3000001)");
  await expect(powerBi).toContainText("billed annually");
  const wasm = wasmRequests(page);
  await row.getByRole("link", { name: "Microsoft 365 Business Basic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subscription details");
  await waitForHydration(page);
  // A subscription's form is in the partner pages' islands build.
  expect(wasm).toEqual(["partner-pages.wasm"]);
  await page.getByLabel("Reseller (MPN ID)").fill("12AB");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Use digits only.")).toBeVisible();
  await page.getByLabel("Reseller (MPN ID)").fill("3000001");
  await page.getByLabel("Designated support contact").selectOption({ label: "Adatum Resellers (3000001)" });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Subscription saved.")).toBeVisible();
  await shot(page, testInfo, "subscription-details");
});

test("a domain check the server refuses without naming a field says why, instead of doing nothing", async ({ page }) => {
  await signIn(page, "agent@northwind.example", "/customers/new");
  await waitForHydration(page);
  // The domain check is a public endpoint with a per-address limit: answer as the limiter does.
  await page.route("**/api/offer/domain", (route) =>
    route.fulfill({ status: 429, contentType: "application/json", headers: { "retry-after": "30" }, body: JSON.stringify({ RateLimited: { seconds: 30 } }) }),
  );
  await fillDetails(page, "Limited Ltd", unique("limited"));
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByText("Too many requests from your network. Wait 30 seconds and try again.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "New subscription", level: 2 })).toBeHidden();
  // Once the check answers again, Next goes on.
  await page.unroute("**/api/offer/domain");
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByRole("heading", { name: "New subscription", level: 2 })).toBeVisible();
});

test("Customers is served whole: it loads the islands build, not the staff's app, and still filters, expands and switches language", async ({ page }, testInfo) => {
  await signIn(page, "agent@northwind.example", "/");
  const wasm = wasmRequests(page);
  await page.goto("/customers");
  await waitForHydration(page);
  expect(wasm).toEqual(["partnerdesk.wasm"]);

  // The filters are a plain form: the server answers with the filtered page.
  await page.getByLabel("Search by name or domain").fill("Coho");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=Coho/);
  const row = page.locator("li.customer", { hasText: "Coho Winery" });
  await expect(row).toHaveCount(1);
  await row.locator("summary").click();
  await expect(row.getByRole("link", { name: "Add subscription" })).toBeVisible();
  await shot(page, testInfo, "customers-islands");

  // The language switch is an island: the page comes back in the language chosen, filters kept.
  await page.getByLabel("Language").selectOption("nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klanten");
  await expect(page).toHaveURL(/q=Coho/);
  await waitForHydration(page);
  await page.getByLabel("Taal").selectOption("en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");
  expect(wasm.every((name) => name === "partnerdesk.wasm")).toBeTruthy();

  // So is the New customer wizard, opened directly: one island with the data it starts from.
  await page.goto("/customers/new");
  await waitForHydration(page);
  await expect(page.locator("leptos-island").filter({ has: page.getByLabel("Company name") })).toHaveCount(1);
  await page.getByRole("button", { name: "Next: Subscriptions" }).click();
  await expect(page.getByRole("alert")).toContainText("Some fields need attention");
  // Its own islands build: this wizard's island with the ones every such page has.
  expect(wasm.at(-1)).toBe("customer-wizard.wasm");
  await page.goto("/customers");

  // Signing out is a plain form too.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});

test("a subscription's page says what a license change costs, sets the renewal and cancels within the window", async ({ page }, testInfo) => {
  // A customer with a priced subscription: Microsoft 365 Business Premium × 15, 1 year billed monthly (€20.68).
  await signIn(page, "sales@northwind.example", "/customers");
  const domain = unique("life");
  await createCustomer(page, `Lifecycle ${domain}`, domain, null, PREMIUM_MONTHLY);
  await page.goto(`/customers?q=${domain}`);
  await waitForHydration(page);
  const row = page.locator("li.customer", { hasText: domain });
  await row.locator("summary").click();
  await expect(row.getByRole("row", { name: /Business Premium/ })).toContainText("Renews on");
  await row.getByRole("link", { name: "Microsoft 365 Business Premium" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subscription details");
  await waitForHydration(page);
  const facts = page.locator("#subscription-facts");
  await expect(facts).toContainText("Active");
  await expect(facts).toContainText("1 year, billed monthly · 15 × €20.68 = €310.20 a month");
  await expect(page.getByRole("note")).toContainText("Licenses can be removed, or the subscription cancelled, until");

  // Typing a count says what it does before Submit: charged, or refunded, for the rest of the month.
  const count = page.getByLabel("License count", { exact: true });
  await count.fill("20");
  await expect(page.locator("#license-change")).toContainText(/Adding 5 licenses takes effect at once: €[\d.,]+ for the \d+ days left of this billing period/);
  await count.fill("10");
  await expect(page.locator("#license-change")).toContainText(/Removing 5 licenses takes effect at once: €[\d.,]+ is refunded/);
  await shot(page, testInfo, "subscription-lifecycle");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Subscription saved.")).toBeVisible();

  // At renewal: 12 licenses, billed annually, not renewing automatically.
  await page.getByLabel("License count at renewal").fill("12");
  await page.getByLabel("Term and billing at renewal").selectOption({ label: "1 year, billed annually" });
  await page.getByLabel("Renew automatically").uncheck();
  await page.getByRole("button", { name: "Save renewal settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: the renewal follows these settings." })).toBeVisible();
  await waitForHydration(page);
  await expect(page.locator("#renewal-summary")).toContainText("without renewing");
  await expect(page.getByLabel("License count at renewal")).toHaveValue("12");
  await expect(page.getByLabel("Renew automatically")).not.toBeChecked();

  // Cancel, within the window: the page says what is refunded first.
  await expect(page.locator("#cancel-note")).toContainText(/Cancelling stops every license at once; €[\d.,]+ is refunded/);
  // Nothing happens until the box that says it cannot be undone is ticked.
  await page.getByRole("button", { name: "Cancel now" }).click();
  await expect(facts).toContainText("Active");
  await page.getByLabel("I understand that every license stops now").check();
  await page.getByRole("button", { name: "Cancel now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The subscription is cancelled." })).toBeVisible();
  await expect(facts).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel now" })).toHaveCount(0);
  // A cancelled subscription changes no more.
  await expect(page.getByLabel("License count", { exact: true })).toHaveCount(0);
  await shot(page, testInfo, "subscription-cancelled");
});

test("the reseller of record changes the license count and the renewal, and the provider's audit log names it", async ({ browser, baseURL, isMobile, viewport }, testInfo) => {
  // The provider sells Microsoft 365 Business Premium × 15 through Adatum (its reseller of record).
  const provider = await browser.newContext({ baseURL, isMobile, viewport: viewport ?? undefined });
  const providerPage = await provider.newPage();
  await signIn(providerPage, "admin@northwind.example", "/customers");
  const start = await (await providerPage.request.post("/api/customers/start", { form: {} })).json();
  const adatum = start.resellers.find((r: { name: string }) => r.name === "Adatum Resellers");
  expect(adatum).toBeTruthy();
  const domain = unique("resold");
  await createCustomer(providerPage, `Resold ${domain}`, domain, adatum.id, PREMIUM_MONTHLY);

  // Adatum's admin finds it on Customers and opens it.
  const reseller = await browser.newContext({ baseURL, isMobile, viewport: viewport ?? undefined });
  const page = await reseller.newPage();
  await signIn(page, "admin@adatum.example", "/customers");
  const customer = page.locator("ul.given-customers > li", { hasText: `Resold ${domain}` });
  await customer.getByRole("link", { name: "Microsoft 365 Business Premium" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subscription details");
  await waitForHydration(page);
  await expect(page.locator("#resold-note")).toContainText("Northwind Distribution sees every change");
  await expect(page.getByLabel("Reseller (MPN ID)")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cancel now" })).toHaveCount(0);

  // The count says what it costs before Submit, by the provider's rules.
  const count = page.getByLabel("License count", { exact: true });
  await count.fill("18");
  await expect(page.locator("#license-change")).toContainText(/Adding 3 licenses takes effect at once: €[\d.,]+ for the \d+ days left of this billing period/);
  await count.fill("0");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();
  await page.getByLabel("License count", { exact: true }).fill("18");
  await shot(page, testInfo, "resold-subscription");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Subscription saved." })).toBeVisible();
  await expect(page.locator("#subscription-facts")).toContainText("18 ×");
  await waitForHydration(page);
  await page.getByLabel("Renew automatically").uncheck();
  await page.getByRole("button", { name: "Save renewal settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: the renewal follows these settings." })).toBeVisible();
  await expect(page.locator("#renewal-summary")).toContainText("without renewing");

  // The provider's audit log says who changed what.
  await providerPage.goto("/settings/audit-log?action=subscription");
  await expect(providerPage.locator("table.audit tbody tr", { hasText: "licenses 15 -> 18" }).first()).toContainText("by the reseller of record Adatum Resellers");
  await provider.close();
  await reseller.close();
});
