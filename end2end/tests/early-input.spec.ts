import { expect, test } from "@playwright/test";
import { signIn, waitForHydration } from "./helpers";

// The service worker would answer the held-back WebAssembly from its cache, unseen by the route.
test.use({ serviceWorkers: "block" });

// On a slow connection a page is shown, and typed into, before its islands have hydrated. What
// was typed is what the island starts from and what it submits (it used to start from its
// props: the field kept the text on screen while Done sent the old, empty value).
test("what is typed before the islands hydrate is what they submit", async ({ page }, testInfo) => {
  const email = `early.${testInfo.project.name}.${Date.now()}@reseller.example`;
  await signIn(page, "admin@northwind.example", "/resellers");
  await page.getByRole("button", { name: "Request a partnership" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request a partnership");
  await waitForHydration(page);
  const draft = page.url();

  // The same page again, its WebAssembly held back for a while: a slow connection.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(draft, { waitUntil: "domcontentloaded" });
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  await page.getByLabel("Reseller's email address").fill(email);
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  release();
  await waitForHydration(page);

  // The island took the address: its mail link names it, and Done records it.
  await expect(page.getByLabel("Reseller's email address")).toHaveValue(email);
  await expect(page.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", new RegExp(`^mailto:${email.replace(/\./g, "\\.")}\\?`));
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/resellers$/);
  await expect(page.getByText(`Sent to ${email}`)).toBeVisible();
});
