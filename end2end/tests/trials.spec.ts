import { expect, test } from "@playwright/test";
import { createOffer, shot, signIn, waitForHydration } from "./helpers";

test("an advisor invites a client to a free trial, the client starts it, and a purchase offer follows", async ({ page, browser }, testInfo) => {
  await signIn(page, "advisor@contoso.example");
  await page.goto("/offers");
  await page.getByRole("link", { name: "New trial invitation" }).click();
  await waitForHydration(page);
  await expect(page.getByRole("radio", { name: /Trial invitation/ })).toBeChecked();
  await expect(page.getByLabel("Trial length (days)")).toHaveValue("30");
  await page.getByLabel("Partner office").selectOption({ label: "Utrecht (Utrecht)" });
  await page.getByLabel("Usage location").fill("NL");
  // A trial invitation offers the trial SKUs of the price list only.
  await expect(page.getByRole("checkbox", { name: /Microsoft 365 E5/ })).toHaveCount(0);
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic Trial/ }).check();
  // A trial is free (no term or price to choose) and has at most 25 licenses a line.
  await expect(page.getByLabel("Term and billing")).toHaveCount(0);
  const count = page.getByRole("spinbutton", { name: "License count" });
  await count.fill("30");
  await page.getByLabel("Trial length (days)").fill("91");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 25.")).toBeVisible();
  await expect(page.getByText("Enter a whole number from 1 to 90.")).toBeVisible();
  await count.fill("10");
  await page.getByLabel("Trial length (days)").fill("14");
  await shot(page, testInfo, "trial-wizard");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  await waitForHydration(page);
  await expect(page.locator("#offer-kind")).toHaveText("Trial invitation: a free trial of 14 days");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/Start your free trial here \(no payment\)/);
  await shot(page, testInfo, "trial-send-page");
  const url = await page.getByLabel("Offer URL").inputValue();

  // The client starts the trial from the link, with no account and no payment.
  const company = `Trial Toys ${testInfo.project.name} ${Date.now()}`;
  const client = await (await browser.newContext()).newPage();
  await client.goto(url);
  await waitForHydration(client);
  await expect(client.getByText("Trial invitation from")).toBeVisible();
  await expect(client.getByText("A free trial for 14 days")).toBeVisible();
  await expect(client.getByText("You are billed directly by the cloud provider")).toHaveCount(0);
  await client.getByLabel("Company name").fill(company);
  await client.getByLabel("Domain prefix").fill(`trial${Date.now()}`);
  await client.getByLabel("Address line 1").fill("Keizersgracht 1");
  await client.getByLabel("City").fill("Amsterdam");
  await client.getByLabel("Postal code").fill("1015 CJ");
  await client.getByLabel("First name").fill("Iris");
  await client.getByLabel("Last name").fill("Bakker");
  await client.getByLabel("Email").fill("iris@wingtip.example");
  await shot(client, testInfo, "trial-client-page");
  await client.getByRole("button", { name: "Start the free trial" }).click();
  await expect(client.getByRole("heading", { level: 1 })).toHaveText("Your trial has started");
  await expect(client.getByText(/started the free trial from Contoso Advisors\. It ends on/)).toBeVisible();
  await shot(client, testInfo, "trial-started");

  // The advisor sees the running trial and makes a purchase offer from it in one click.
  await page.goto("/offers");
  await expect(page.getByRole("heading", { name: "Active trials" })).toBeVisible();
  const row = page.locator(".trials tr", { hasText: company });
  await expect(row).toContainText("Microsoft 365 Business Basic Trial × 10");
  await shot(page, testInfo, "active-trials");
  await row.getByRole("link", { name: "Create purchase offer" }).click();
  await waitForHydration(page);
  await expect(page.getByRole("radio", { name: /Purchase offer/ })).toBeChecked();
  // The trial SKU became the product's SKU that is sold, with the trial's license count.
  await expect(page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Trial/ })).toHaveCount(0);
  await expect(page.locator(".notice-inline")).toHaveCount(0);
  await expect(page.getByRole("spinbutton", { name: "License count" })).toHaveValue("10");
  await expect(page.getByLabel("Term and billing")).toHaveValue("P1Y-monthly");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  await expect(page.locator("#offer-totals")).toContainText("Billed monthly");
  await expect(page.locator("#offer-kind")).toHaveCount(0);
});

test("a new version replaces an offer behind the same link, and the earlier one stays readable", async ({ page, playwright, baseURL }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, false);
  await signIn(page, "advisor@contoso.example");
  await page.goto(`/offers/${summary}`);
  await page.getByRole("link", { name: "New version" }).click();
  await waitForHydration(page);
  await expect(page.locator("#new-version-note")).toContainText(`A new version of ${summary}`);
  await expect(page.getByRole("spinbutton", { name: "License count" }).first()).toHaveValue("25");
  await page.getByRole("spinbutton", { name: "License count" }).first().fill("30");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  await expect(page.locator("#replaces")).toContainText(summary);
  const newer = (await page.locator("#summary-id").textContent())!.trim();
  // Its page lists both versions, this one marked.
  const versions = page.getByRole("region", { name: "Versions (2)" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("link", { name: summary })).toBeVisible();
  await expect(versions.locator('[aria-current="page"]')).toContainText(`${newer} (this version)`);
  await shot(page, testInfo, "new-version-send-page");

  // The earlier offer says it was replaced; its link shows the newest version.
  await page.goto(`/offers/${summary}`);
  await expect(page.locator("#superseded-by")).toContainText(newer);
  await expect(page.getByRole("link", { name: "New version" })).toHaveCount(0);
  const client = await (await page.context().browser()!.newContext()).newPage();
  await client.goto(path);
  await expect(client.getByText(newer)).toBeVisible();
  await expect(client.locator("#earlier-version")).toContainText("This offer replaces the offer of");
  await shot(client, testInfo, "new-version-client-page");
  await client.getByRole("link", { name: "See the earlier version" }).click();
  await expect(client.getByText("This is an earlier version of the offer")).toBeVisible();
  await expect(client.getByText(summary)).toBeVisible();
  await expect(client.getByRole("button", { name: "Accept" })).toHaveCount(0);
  await shot(client, testInfo, "earlier-version");
  await client.getByRole("link", { name: "See the newest version" }).click();
  await expect(client.getByText(newer)).toBeVisible();
});
