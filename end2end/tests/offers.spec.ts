import { expect, test } from "@playwright/test";
import { shot, signIn, waitForHydration } from "./helpers";

test("an advisor walks the Create purchase offer wizard, copies the URL and finds the offer by its summary ID", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "advisor@contoso.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  await page.goto("/offers/new");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create purchase offer");

  // Next with nothing chosen: every problem is named next to its field.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Some fields need attention");
  await expect(page.getByText("Choose one of your partner offices.")).toBeVisible();
  await expect(page.getByText("Check at least one subscription.")).toBeVisible();

  await page.getByLabel("Partner office").selectOption({ label: "Utrecht (Utrecht)" });
  await page.getByLabel("Usage location").fill("UK");
  await expect(page.locator("p.hint", { hasText: "United Kingdom" })).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft Teams Essentials/ }).check();

  // Changing the usage location drops what is not sold there, and says so.
  await page.getByLabel("Usage location").fill("NL");
  await expect(page.getByRole("status").filter({ hasText: "TEAMS-ESSENTIALS" })).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  const count = page.getByRole("spinbutton", { name: "License count" });
  await count.fill("301");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();
  await count.fill("25");

  await page.getByRole("checkbox", { name: "Offer delegated administration to this client" }).check();
  await page.getByLabel("Relationship name").fill(`Contoso support ${testInfo.project.name}`);
  await page.getByRole("checkbox", { name: "User administrator" }).check();
  await page.getByLabel("Duration in days").fill("365");
  await shot(page, testInfo, "create-offer");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  const summaryId = (await page.locator("#summary-id").textContent())!.trim();
  expect(summaryId).toMatch(/^PO-[234679ACDEFGHJKMNPQRTUVWXYZ]{4}-[234679ACDEFGHJKMNPQRTUVWXYZ]{4}$/);
  const url = await page.getByLabel("Offer URL").inputValue();
  expect(url).toMatch(/\/offer\/contoso\/[a-z2-7]{32}$/);
  await page.getByRole("button", { name: "Copy to clipboard" }).first().click();
  await expect(page.getByRole("button", { name: "Copied" }).first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", /^mailto:\?subject=/);
  // The message for the client can be in another language than the advisor's pages.
  await page.getByLabel("Language of the message").selectOption("fr");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/vous propose ces abonnements/);
  await page.getByLabel("Language of the message").selectOption("en");
  await page.getByLabel("Introduction").fill("Dear client, here is the offer we discussed.");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/Dear client/);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Message saved.")).toBeVisible();
  await shot(page, testInfo, "send-page");

  await page.goto(`/offers?q=${summaryId}`);
  await expect(page.getByRole("link", { name: summaryId })).toBeVisible();
  await expect(page.getByText("Microsoft 365 Business Basic × 25")).toBeVisible();
  await shot(page, testInfo, "offers-list");
});

test("someone without the Advisor role gets an explanation, not a broken page", async ({ page }) => {
  await signIn(page, "admin@northwind.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  const response = await page.goto("/offers/new");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("This page is for organisations in the Subscription advisor program")).toBeVisible();
});
