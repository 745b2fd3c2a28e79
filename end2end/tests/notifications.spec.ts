import { expect, test } from "@playwright/test";
import { shot, signIn } from "./helpers";

test("a Global admin chooses which notifications the organisation's users get", async ({ page }, testInfo) => {
  await signIn(page, "admin@tailspin.example", "/settings/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  // A provider's organisation: the provider's notification only.
  const accepted = page.getByLabel(/Partnership accepted/);
  await expect(accepted).toBeChecked();
  await expect(page.getByLabel(/Offer accepted/)).toHaveCount(0);
  await accepted.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#notifications-saved")).toHaveText("Notifications saved.");
  await expect(page.getByLabel(/Partnership accepted/)).not.toBeChecked();
  await shot(page, testInfo, "notifications");
  await page.getByLabel(/Partnership accepted/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel(/Partnership accepted/)).toBeChecked();
});

test("an advisor's Global admin chooses the offer reminders", async ({ page }, testInfo) => {
  await signIn(page, "admin@contoso.example", "/settings/notifications");
  const expiring = page.getByLabel(/An offer expires soon/);
  await expect(expiring).toBeChecked();
  await expect(page.getByLabel(/A trial ends soon/)).toBeChecked();
  await expect(page.getByLabel(/Partnership accepted/)).toHaveCount(0);
  await expiring.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#notifications-saved")).toHaveText("Notifications saved.");
  await expect(page.getByLabel(/An offer expires soon/)).not.toBeChecked();
  await expect(page.getByLabel(/A trial ends soon/)).toBeChecked();
  await shot(page, testInfo, "notifications-advisor");
  await page.getByLabel(/An offer expires soon/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel(/An offer expires soon/)).toBeChecked();
});
