import { expect, test } from "@playwright/test";
import { invitedUser, MAIL_DIR, shot, totp, waitForHydration } from "./helpers";

test("a user turns on two-step verification, saves recovery codes, and signs in with a code", async ({ page, request }, testInfo) => {
  test.skip(!MAIL_DIR, "needs E2E_MAIL_DIR (scripts/e2e.sh sets it)");
  // A user of their own, so no other test's sign-in needs a code.
  const email = `robin.${testInfo.project.name}.${Date.now()}@tailspin.example`;
  const password = "robin's own passphrase";
  await invitedUser(request, "Robin Díaz", email, password);

  const signInWithPassword = async () => {
    await page.goto("/sign-in?next=%2Fsettings%2Faccount");
    await waitForHydration(page);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  };
  await signInWithPassword();
  await expect(page).toHaveURL(/\/settings\/account/);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await page.getByRole("link", { name: "Set up two-step verification" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up two-step verification");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await shot(page, testInfo, "two-step-setup");
  const secret = (await page.locator("#two-step-secret").textContent())!.trim();

  // A wrong code is refused next to the field; the app's code turns it on.
  await page.getByLabel("The six-digit code the app shows").fill(totp(secret) === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right").first()).toBeVisible();
  await page.getByLabel("The six-digit code the app shows").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.locator("#two-step-on")).toContainText("Two-step verification is on");
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  await shot(page, testInfo, "two-step-recovery-codes");
  const recovery = (await page.locator("#recovery-codes li").first().textContent())!.trim();
  await page.getByRole("link", { name: "I have saved them" }).click();
  await expect(page.locator("#two-step-status")).toContainText("Recovery codes left: 10");

  // Signing in now asks for a code (the next one: a code works once).
  await page.context().clearCookies();
  await signInWithPassword();
  await expect(page).toHaveURL(/\/sign-in\/code/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your code");
  await page.getByLabel("Code").fill("123 45");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right").first()).toBeVisible();
  await shot(page, testInfo, "two-step-sign-in-code");
  await page.getByLabel("Code").fill(totp(secret, 30));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/settings/account");
  await expect(page.locator("#two-step-status")).toBeVisible();

  // A recovery code signs in once.
  await page.context().clearCookies();
  await signInWithPassword();
  await expect(page).toHaveURL(/\/sign-in\/code/);
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/settings/account");
  await expect(page.locator("#two-step-status")).toContainText("Recovery codes left: 9");
  await shot(page, testInfo, "two-step-account");
});
