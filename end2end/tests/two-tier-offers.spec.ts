import { expect, test } from "@playwright/test";
import { fillOrganisation, shot, signIn, unique, waitForHydration } from "./helpers";

// Two-tier offers (issue #29 §2): an indirect reseller sells its provider's subscriptions with
// one link; the client who accepts becomes the provider's customer with the reseller already
// associated, and the provider sees it under the reseller.
test("a reseller's offer of its provider's subscriptions, accepted by a client, seen by the provider", async ({ page, browser, baseURL }, testInfo) => {
  await signIn(page, "admin@adatum.example", "/offers/new");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create purchase offer");
  // Its one provider is chosen; what that means is said beside it. Delegated administration
  // is the provider's to ask for, so it is not offered.
  await expect(page.getByLabel("Provider")).toHaveValue(/\d+/);
  await expect(page.locator("#provider option:checked")).toHaveText("Northwind Distribution");
  await expect(page.locator("#provider-hint")).toHaveText(
    "The client becomes Northwind Distribution's customer, with your organisation as reseller of record and designated support contact, at Northwind Distribution's prices.",
  );
  await expect(page.locator("fieldset.delegated")).toHaveCount(0);
  await page.getByLabel("Usage location").fill("NL");
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("12");
  await shot(page, testInfo, "resold-offer-wizard");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  await expect(page.locator("#resold-for")).toContainText("A two-tier offer for Northwind Distribution");
  const summaryId = (await page.locator("#summary-id").textContent())!.trim();
  const url = await page.getByLabel("Offer URL").inputValue();
  expect(url).toMatch(/\/offer\/adatum-resellers\/[a-z2-7]{32}$/);
  await waitForHydration(page);
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/you become Northwind Distribution's customer/);

  // The client, with no account, reads who sells what and accepts.
  const clientContext = await browser.newContext({ baseURL, viewport: page.viewportSize() });
  const client = await clientContext.newPage();
  await client.goto(new URL(url).pathname);
  await waitForHydration(client);
  await expect(client.getByRole("heading", { level: 1 })).toHaveText("Adatum Resellers");
  await expect(client.locator("#resold-notice")).toHaveText(
    "Adatum Resellers offers you Northwind Distribution's subscriptions: when you accept, you become Northwind Distribution's customer, and Adatum Resellers is your reseller and support contact.",
  );
  const domain = unique("tier");
  await fillOrganisation(client, domain);
  await expect(client.getByText("This domain prefix is available.")).toBeVisible();
  await shot(client, testInfo, "resold-client-offer");
  await client.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(client.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
  await expect(client.getByText("Microsoft 365 Business Basic × 12")).toBeVisible();
  await clientContext.close();

  // The provider finds the offer and its client under the reseller; the customer is its own,
  // the reseller its reseller of record.
  const providerContext = await browser.newContext({ baseURL, viewport: page.viewportSize() });
  const provider = await providerContext.newPage();
  await signIn(provider, "admin@northwind.example", "/resellers");
  await provider.locator("tr", { hasText: "Adatum Resellers" }).getByRole("link", { name: "Offers" }).click();
  await expect(provider.getByRole("heading", { level: 1 })).toHaveText("Reseller's offers");
  const offer = provider.locator("table.resold-offers tr", { hasText: summaryId });
  await expect(offer).toContainText("Active");
  const customer = provider.locator("table.resold-customers tr", { hasText: "Wingtip Toys" }).first();
  await expect(customer).toContainText(summaryId);
  await shot(provider, testInfo, "reseller-offers");
  await provider.locator("table.resold-customers tr", { hasText: summaryId }).getByRole("link", { name: "Wingtip Toys" }).click();
  await expect(provider.getByRole("heading", { level: 1 })).toHaveText("Customers");
  const listed = provider.locator("li.customer", { hasText: `${domain}.onmicrosoft.com` });
  await expect(listed.locator(".reseller-tag")).toHaveText("Reseller: Adatum Resellers");
  await providerContext.close();
});

test("a provider makes an offer for its reseller, on its behalf, and copies its link", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "sales@northwind.example", "/resellers");
  await page.locator("tr", { hasText: "Adatum Resellers" }).getByRole("link", { name: "Offers" }).click();
  await page.getByRole("link", { name: "Create an offer for Adatum Resellers" }).click();
  await waitForHydration(page);
  await expect(page.locator("#on-behalf")).toContainText("You make this offer for Adatum Resellers, on its behalf");
  await expect(page.locator("#provider option:checked")).toHaveText("Northwind Distribution");
  await expect(page.getByLabel("Partner office")).toHaveValue(/\d+/);
  await page.getByLabel("Usage location").fill("NL");
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("5");
  await shot(page, testInfo, "offer-for-reseller");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reseller's offers");
  await expect(page.locator("#offer-made")).toContainText("made for Adatum Resellers");
  const made = (await page.locator("#offer-made").textContent())!.match(/PO-[A-Z0-9]{4}-[A-Z0-9]{4}/)![0];
  const row = page.locator("table.resold-offers tr", { hasText: made });
  const url = (await row.locator("code").last().textContent())!.trim();
  expect(url).toMatch(/\/offer\/adatum-resellers\/[a-z2-7]{32}$/);
  await waitForHydration(page);
  await row.getByRole("button", { name: "Copy to clipboard" }).click();
  await expect(row.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await shot(page, testInfo, "offer-made-for-reseller");
});
