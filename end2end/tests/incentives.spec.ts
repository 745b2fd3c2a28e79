import { expect, test } from "@playwright/test";
import { createCustomer, shot, signIn } from "./helpers";

test("a provider finds the subscriptions that earn no reseller incentives and assigns a partnered reseller", async ({ page }, testInfo) => {
  // A customer sold without a reseller: its subscription earns no reseller incentives.
  await signIn(page, "admin@northwind.example", "/customers");
  const domain = "aaa" + Math.random().toString(36).slice(2, 9);
  const company = `Aaa Incentives ${domain}`;
  await createCustomer(page, company, domain, null, { lines: [["M365-BUSINESS-BASIC", 5]] });

  await page.goto("/customers");
  await page.getByRole("link", { name: "Incentive report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Incentive report");
  const row = page.getByRole("row", { name: new RegExp(company) });
  await expect(row).toContainText("No reseller of record: no reseller earns incentives");
  await shot(page, testInfo, "incentive-report");

  // The subscription's page says the same, and links back to the fix.
  await row.getByRole("link", { name: "Fix" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subscription details");
  await expect(page.locator("#incentive-warnings")).toContainText("No reseller of record");
  await page.goBack();

  // The bulk fix: choose the row, a partnered reseller, and make it the support contact too.
  await page.getByRole("checkbox", { name: `Choose ${company} · Microsoft 365 Business Basic` }).check();
  await page.getByLabel("Reseller", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Also make it their designated support contact").check();
  await page.getByRole("button", { name: "Assign reseller" }).click();
  await expect(page).toHaveURL(/\/customers\/incentives\?fixed=1$/);
  await expect(page.locator("#incentives-fixed")).toHaveText("Subscriptions changed: 1. Each change is in the audit log.");
  await expect(page.getByRole("row", { name: new RegExp(company) })).toHaveCount(0);
  await shot(page, testInfo, "incentive-report-fixed");
});
