import { expect, test } from "@playwright/test";
import { emailedLink, invitedUser, MAIL_DIR, shot, signIn } from "./helpers";

test("a person who forgot their password gets a link by email, chooses a new one and signs in with it", async ({ page, request }, testInfo) => {
  test.skip(!MAIL_DIR, "needs E2E_MAIL_DIR (scripts/e2e.sh sets it)");
  // A user of their own, so no other test's sign-in changes.
  const email = `sam.${testInfo.project.name}.${Date.now()}@tailspin.example`;
  await invitedUser(request, "Sam Silva", email, "the password sam forgot");

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/password\/forgot/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reset your password");
  await shot(page, testInfo, "forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.locator("#reset-link-sent")).toContainText("If an account uses that address");
  await shot(page, testInfo, "forgot-password-sent");

  const link = await emailedLink(email, "password/reset");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  const chosen = "my own new passphrase";
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("New password again").fill("not the same one");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.locator("#confirm_password-error")).toHaveText("The two new passwords differ. Type the same password twice.");
  await shot(page, testInfo, "reset-password-mismatch");
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("New password again").fill(chosen);
  await page.getByRole("button", { name: "Save password" }).click();

  await expect(page).toHaveURL(/\/sign-in\?reset=1/);
  await expect(page.locator("#password-reset-done")).toHaveText("Your new password is saved. Sign in with it.");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(chosen);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in as Sam (the name is beside Sign out, or on its tooltip where the menu needs the room).
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveAttribute("title", "Signed in as Sam Silva");

  // The link works once.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("a third passphrase");
  await page.getByLabel("New password again").fill("a third passphrase");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.locator("#reset-link-invalid")).toContainText("This link is not valid any more");
  await shot(page, testInfo, "reset-link-used");
});

test("the operator reads the email log: to whom, what, and whether it was sent", async ({ page, request }, testInfo) => {
  const asked = await request.post("/api/auth/forgot-password", { form: { email: "agent@litware.example" } });
  expect(asked.ok()).toBeTruthy();
  await signIn(page, "operator@partnerdesk.example", "/operator/email");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email log");
  const card = page.locator("ul.email-log li.card", { hasText: "agent@litware.example" }).first();
  await expect(async () => {
    await page.reload();
    await expect(card.locator(".email-status")).toContainText("Sent", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(card).toContainText("Password reset link");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Choose a new PartnerDesk password");
  await shot(page, testInfo, "email-log");

  // Without SMTP_URL the message was written, not sent: the development mailbox opens it, with its link.
  await page.getByRole("link", { name: /Open the development mailbox/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Development mailbox");
  const written = page.locator("ul.mailbox li.card", { hasText: "agent@litware.example" }).first();
  await expect(written).toContainText("Password reset link");
  await shot(page, testInfo, "mailbox");
  await written.getByRole("link", { name: "Choose a new PartnerDesk password" }).click();
  await expect(page.locator("pre.mail-text")).toContainText("/password/reset/");
  await expect(page.getByRole("heading", { name: "Links in this message" })).toBeVisible();
  await expect(page.locator("ul.mail-links a").first()).toHaveAttribute("href", /\/password\/reset\/[a-z0-9]+$/);
  await shot(page, testInfo, "mailbox-message");
});
