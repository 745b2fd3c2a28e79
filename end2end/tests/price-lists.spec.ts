import { expect, test } from "@playwright/test";
import * as path from "path";
import { shot, signIn } from "./helpers";

const SAMPLE = path.join(__dirname, "..", "..", "samples", "sample-price-list.csv");

test("the operator uploads a price list, reads its preview and applies it", async ({ page }, testInfo) => {
  await signIn(page, "operator@partnerdesk.example", "/operator/price-lists");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Price lists");

  // A file that is not a price list: the reason, nothing applied.
  await page.getByLabel("Price list file (CSV)").setInputFiles({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from("name,price\nA,1\n") });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator("#price-file-refused")).toContainText("The first line lacks these columns: ProductTitle, ProductId");
  await page.getByRole("link", { name: "Upload another file" }).click();

  // The sample price list: its preview, then Apply.
  await page.getByLabel("Price list file (CSV)").setInputFiles(SAMPLE);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toHaveText("Preview of sample-price-list.csv");
  await expect(page.locator("#preview-counts")).toContainText("678 prices can be taken");
  await shot(page, testInfo, "price-list-preview");
  await page.getByRole("button", { name: "Apply: make this the price list in force" }).click();
  await expect(page).toHaveURL(/\/operator\/price-lists\?applied=1$/);
  await expect(page.locator("#price-list-notice")).toHaveText("The new price list is in force: the catalog follows it.");
  const newest = page.getByRole("row").nth(1);
  await expect(newest).toContainText("sample-price-list.csv");
  await expect(newest).toContainText("In force");
  await expect(newest).toContainText("678");
  await shot(page, testInfo, "price-lists");

  // Its prices, searched by market and paged.
  await newest.getByRole("link").click();
  await expect(page.locator("#price-list-heading")).toContainText("Price list in force from");
  await expect(page.getByRole("status")).toHaveText("Prices found: 678");
  await page.getByLabel("Product, SKU or market (e.g. NL)").fill("GB");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText("Prices found: 53");
  await expect(page.getByRole("row", { name: /M365-BUSINESS-BASIC 0001/ }).first()).toContainText("GBP");
  await shot(page, testInfo, "price-list-prices");
});
