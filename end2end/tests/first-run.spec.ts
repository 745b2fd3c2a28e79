import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import { shot } from "./helpers";

/** A server on a database that never saw the demo data (scripts/e2e.sh starts it) and its log. */
const EMPTY_URL = process.env.E2E_EMPTY_URL ?? "";
const EMPTY_LOG = process.env.E2E_EMPTY_LOG ?? "";

test("an installation without accounts is set up with the code from the server's log", async ({ browser }, testInfo) => {
  test.skip(!EMPTY_URL || !EMPTY_LOG, "needs the empty server of scripts/e2e.sh");
  // One setup per installation: the desktop run makes it and looks at the phone width too.
  test.skip(testInfo.project.name !== "desktop", "the desktop run sets the installation up");
  const code = fs.readFileSync(EMPTY_LOG, "utf8").match(/setup code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)?.[1];
  expect(code, "the server prints its setup code").toBeTruthy();

  const context = await browser.newContext({ baseURL: EMPTY_URL });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.locator("#first-run-notice")).toContainText("This installation has no accounts yet.");
  await page.locator("#first-run-notice").getByRole("link", { name: "Set up PartnerDesk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up PartnerDesk");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: "screenshots/phone-first-run.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  const password = "the first operator's passphrase";
  await page.getByLabel("Setup code").fill("AAAA-AAAA-AAAA");
  await page.getByLabel("Name", { exact: true }).fill("Olga Operator");
  await page.getByLabel("Email").fill("olga@partners.example");
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("New password again").fill(password);
  await page.getByRole("button", { name: "Create the operator account" }).click();
  await expect(page.locator("#first-run-error")).toContainText("That is not the current setup code");
  await shot(page, testInfo, "first-run-wrong-code");

  await page.getByLabel("Setup code").fill(code!.toLowerCase());
  await page.getByLabel("Name", { exact: true }).fill("Olga Operator");
  await page.getByLabel("Email").fill("olga@partners.example");
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("New password again").fill(password);
  await page.getByRole("button", { name: "Create the operator account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Olga Operator");
  await shot(page, testInfo, "first-run-done");

  // The page is closed for good.
  await page.goto("/setup");
  await expect(page.locator("#already-set-up")).toBeVisible();
  await context.close();
});
