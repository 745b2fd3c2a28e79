import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { PASSWORD, shot } from "./helpers";

/** The folder the server writes email to (no SMTP_URL in the end-to-end run: scripts/e2e.sh sets MAIL_DIR). */
const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "";

/** The reset link in the newest message to `email` (waits for the mail worker to write it). */
async function resetLinkFor(email: string): Promise<string> {
  let link = "";
  await expect
    .poll(
      () => {
        const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml")) : [];
        const messages = files
          .map((f) => path.join(MAIL_DIR, f))
          .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
          .map((f) => fs.readFileSync(f, "utf8").replace(/=\r?\n/g, ""))
          .filter((m) => m.includes(`To: ${email}`));
        const found = messages[0]?.match(/https?:\/\/[^\s"<]+\/password\/reset\/[a-z0-9]+/);
        link = found ? found[0] : "";
        return link;
      },
      { timeout: 15_000 },
    )
    .not.toBe("");
  return link;
}

test("a person who forgot their password gets a link by email, chooses a new one and signs in with it", async ({ page, request }, testInfo) => {
  test.skip(!MAIL_DIR, "needs E2E_MAIL_DIR (scripts/e2e.sh sets it)");
  // A user of their own, so no other test's sign-in changes.
  const email = `sam.${testInfo.project.name}.${Date.now()}@tailspin.example`;
  const signIn = await request.post("/api/auth/sign-in", { form: { email: "admin@tailspin.example", password: PASSWORD } });
  expect(signIn.ok()).toBeTruthy();
  expect((await request.post("/api/users/add", { form: { name: "Sam Silva", email, sales_agent: "on" } })).ok()).toBeTruthy();

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/password\/forgot/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reset your password");
  await shot(page, testInfo, "forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.locator("#reset-link-sent")).toContainText("If an account uses that address");
  await shot(page, testInfo, "forgot-password-sent");

  const link = await resetLinkFor(email);
  await page.goto(new URL(link).pathname);
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
  await expect(page.getByText("Sam Silva").first()).toBeVisible();

  // The link works once.
  await page.goto(new URL(link).pathname);
  await page.getByLabel("New password", { exact: true }).fill("a third passphrase");
  await page.getByLabel("New password again").fill("a third passphrase");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.locator("#reset-link-invalid")).toContainText("This link is not valid any more");
  await shot(page, testInfo, "reset-link-used");
});
