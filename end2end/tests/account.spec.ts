import { expect, test } from "@playwright/test";
import { invitedUser, shot } from "./helpers";

/** Fills the sign-in form (no hydration wait needed: it also works as a plain form). */
async function signInWith(page: import("@playwright/test").Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a user changes their password under My account, and their other sessions end", async ({ page, browser, baseURL, request }, testInfo) => {
  const email = `robin.${testInfo.project.name}.${Date.now()}@tailspin.example`;
  const joined = "the passphrase robin joined with";
  await invitedUser(request, "Robin Reyes", email, joined);

  await signInWith(page, email, joined);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Robin Reyes");
  await page.goto("/settings/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
  await expect(page.locator("#must-change-password")).toHaveCount(0);

  // A refusal comes back next to its field (the form posts as a plain form).
  const first = "a long passphrase of my own";
  await page.getByLabel("Current password").fill(joined);
  await page.getByLabel("New password", { exact: true }).fill(first);
  await page.getByLabel("New password again").fill("something else entirely");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#confirm_password-error")).toHaveText("The two new passwords differ. Type the same password twice.");
  await shot(page, testInfo, "account-refused");
  await page.getByLabel("Current password").fill(joined);
  await page.getByLabel("New password", { exact: true }).fill(first);
  await page.getByLabel("New password again").fill(first);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#password-changed")).toContainText("Your password was changed");
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");

  // Another browser signed in with that password is signed out when the password changes again.
  const other = await browser.newContext({ baseURL });
  const elsewhere = await other.newPage();
  await signInWith(elsewhere, email, first);
  await expect(elsewhere.getByRole("heading", { level: 1 })).toHaveText("Welcome, Robin Reyes");

  // My account is in every signed-in user's menu.
  await page.goto("/");
  if (testInfo.project.name === "phone") {
    await page.locator("ul.tasks").getByRole("link", { name: "My account" }).click();
  } else {
    // On a wide screen it is under Settings.
    await page.locator("li.settings-menu summary").click();
    await page.locator("ul.wide-menu").getByRole("link", { name: "My account" }).click();
  }
  await expect(page).toHaveURL(/\/settings\/account/);
  const second = "another long passphrase";
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill(second);
  await page.getByLabel("New password again").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current_password-error")).toHaveText("That is not your current password.");
  await page.getByLabel("Current password").fill(first);
  await page.getByLabel("New password", { exact: true }).fill(second);
  await page.getByLabel("New password again").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#password-changed")).toBeVisible();
  await shot(page, testInfo, "account-changed");
  // This browser stays signed in; the other one is signed out.
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customers");
  await elsewhere.goto("/customers");
  await expect(elsewhere).toHaveURL(/\/sign-in/);
  await other.close();
});
