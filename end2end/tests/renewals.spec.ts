import { expect, test } from "@playwright/test";
import { shot, signIn, waitForHydration } from "./helpers";

test("Renewals and deadlines lists what closes soon, and gives a calendar address once", async ({ page }, testInfo) => {
  await signIn(page, "sales@northwind.example");
  await page.getByRole("link", { name: "Renewals", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renewals and deadlines");
  // The demo's subscriptions were bought when the server started: their change windows close within 7 days.
  const rows = page.locator("table.deadlines tbody tr");
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('tr[data-kind="change_window_closes"]').first()).toContainText("Last moment to remove licenses or cancel");
  await page.getByLabel("Show the").selectOption("90");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(page.getByLabel("Show the")).toHaveValue("90");
  await shot(page, testInfo, "renewals");

  // A deadline links to the subscription it is about.
  await page.locator('tr[data-kind="change_window_closes"]').first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subscription details");

  await page.goto("/renewals/calendar");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Make a calendar address" }).click();
  const url = page.locator("#calendar-feed-url");
  await expect(url).toContainText("/calendar/");
  await shot(page, testInfo, "calendar-feed");
  const address = new URL((await url.textContent()) ?? "");
  const feed = await page.request.get(address.pathname + address.search);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
});
