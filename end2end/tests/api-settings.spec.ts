import { expect, test } from "@playwright/test";
import { shot, signIn, waitForHydration } from "./helpers";

test("a Global admin creates an API key shown once, uses it, and revokes it", async ({ page, request }, testInfo) => {
  await signIn(page, "admin@northwind.example", "/settings/api-keys");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByText("Enter a value.")).toBeVisible();
  await expect(page.getByText("Choose at least one role.")).toBeVisible();
  const name = `CRM sync ${testInfo.project.name}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByLabel("Sales agent").check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = (await page.locator("#new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^pdk_[a-z2-7]+_[a-z2-7]+$/);
  await expect(page.getByText("it is shown only once")).toBeVisible();
  // One key per Create: the form makes way for Done while the key is shown.
  await expect(page.getByRole("button", { name: "Create API key" })).toBeHidden();
  await shot(page, testInfo, "api-keys");
  // Done: the page again, with the new key in the list (and the key itself no longer shown).
  await page.getByRole("link", { name: "Done" }).click();
  await waitForHydration(page);
  await expect(page.locator("#new-api-key")).toHaveCount(0);

  const ok = await request.get("/api/v1/partnerships", { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);

  const card = page.locator("li.card", { hasText: name });
  await card.getByRole("button", { name: "Revoke" }).click();
  await expect(card.getByText("Revoked")).toBeVisible();
  const refused = await request.get("/api/v1/partnerships", { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("a Global admin adds a webhook endpoint, sends a test event and sees the delivery log", async ({ page }, testInfo) => {
  await signIn(page, "admin@contoso.example", "/settings/webhooks");
  await waitForHydration(page);
  await page.getByLabel("Endpoint URL").fill("ftp://hooks.example/");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Enter an address that starts with https:// or http://")).toBeVisible();
  const url = `http://127.0.0.1:9/${testInfo.project.name}`;
  await page.getByLabel("Endpoint URL").fill(url);
  // An advisor's organisation is offered the advisors' events only.
  await expect(page.getByLabel("Offer expires in three days")).toBeVisible();
  await expect(page.getByLabel("Customer created")).toHaveCount(0);
  await page.getByLabel("Offer accepted").check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("#signing-secret")).toHaveText(/^whsec_/);
  await expect(page.getByRole("button", { name: "Add endpoint" })).toBeHidden();
  await page.getByRole("link", { name: "Done" }).click();
  await waitForHydration(page);
  await expect(page.locator("#signing-secret")).toHaveCount(0);
  const card = page.locator("li.card", { hasText: url });
  await card.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText(/Test event evt_\w+ queued/)).toBeVisible();
  await expect(page.locator("table.deliveries")).toContainText("ping");
  await shot(page, testInfo, "webhooks");
});

test("the API reference is served by PartnerDesk without scripts", async ({ page }, testInfo) => {
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /PartnerDesk API/ })).toBeVisible();
  await expect(page.locator("script")).toHaveCount(0);
  await page.getByRole("link", { name: "webhooks" }).first().click();
  await expect(page.locator("#webhooks")).toContainText("PartnerDesk-Signature");
  // What each event delivers, shown from the types the server sends.
  await page.getByRole("link", { name: "what each delivers" }).click();
  await expect(page.locator("#event-offer\\.expiring")).toBeVisible();
  await expect(page.locator("#webhook-data")).toContainText('"acceptances": 2');
  // (The page is long: the screenshot is of the window, at the events' data.)
  await page.locator("#event-subscription\\.changed").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/${testInfo.project.name}-api-webhook-data.png` });
  // Nothing wider than the page (a phone too).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
