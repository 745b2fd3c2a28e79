import { expect, test } from "@playwright/test";
import { PASSWORD, shot, signIn, waitForHydration, wasmRequests } from "./helpers";

test("the landing page offers sign-in", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The partner portal for cloud resellers");
  await shot(page, testInfo, "landing");
});

test("wrong password shows a clear message and stays signed out", async ({ page }, testInfo) => {
  const wasm = wasmRequests(page);
  await page.goto("/sign-in?next=/customers");
  await waitForHydration(page);
  // Sign-in is served whole: its form posts, and only the islands build loads.
  expect(wasm).toEqual(["partnerdesk.wasm"]);
  await page.getByLabel("Email").fill("advisor@contoso.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match an account");
  // The form stayed: what was typed is still there.
  await expect(page.getByLabel("Email")).toHaveValue("advisor@contoso.example");
  await shot(page, testInfo, "sign-in-error");
  await page.getByLabel("Email").fill("sales@northwind.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");
});

test("a protected page asked for while signed out goes to sign-in and back", async ({ page }) => {
  await page.goto("/settings/locations");
  await expect(page).toHaveURL(/\/sign-in\?next=\/settings\/locations/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill("admin@contoso.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/locations$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partner offices");
});

test("each role sees the menu its organisation allows, and can sign out", async ({ page }, testInfo) => {
  await signIn(page, "admin@contoso.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  const menu = page.getByRole("navigation", { name: "Partner Center menu" });
  await expect(menu.locator("a", { hasText: "Partner offices" }).first()).toBeAttached();
  await shot(page, testInfo, "home-contoso-admin");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The partner portal for cloud resellers");

  await signIn(page, "sales@northwind.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  await expect(page.getByRole("navigation", { name: "Partner Center menu" }).locator("a", { hasText: "Partner offices" })).toHaveCount(0);
  await shot(page, testInfo, "home-northwind-sales");
});

test("a page the role does not allow explains why", async ({ page }, testInfo) => {
  await signIn(page, "sales@northwind.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  const response = await page.goto("/settings/locations");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not available to your account");
  await expect(page.getByText("Global admin, Advisor")).toBeVisible();
  await shot(page, testInfo, "forbidden");
});

test("an unknown address gets a 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("without JavaScript a refused sign-in comes back as the page with its message, then signs in", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in?next=/customers");
  await page.getByLabel("Email").fill("sales@northwind.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match an account");
  await page.getByLabel("Email").fill("sales@northwind.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");
  await context.close();
});
