import { expect, test } from "@playwright/test";
import { emailedLink, MAIL_DIR, shot, signIn } from "./helpers";

test("an organisation asks to join, confirms its email, is approved, and its admin joins with an emailed link", async ({ page, browser }, testInfo) => {
  test.skip(!MAIL_DIR, "needs E2E_MAIL_DIR (scripts/e2e.sh sets it)");
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const company = `Wide World Importers ${stamp}`;
  const email = `jordan.${stamp}@wideworld.example`;
  const mpnId = String(Date.now()).slice(-8) + (testInfo.project.name === "desktop" ? "1" : "2");

  // The public page, found from sign-in.
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "New to PartnerDesk? Ask to join" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Join PartnerDesk");
  await shot(page, testInfo, "join");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("MPN ID").fill(mpnId);
  await page.getByLabel("Country or region").fill("Portugal");
  await page.getByLabel("Your name").fill("Jordan Silva");
  await page.getByLabel("Email").fill(email);
  // No program chosen: refused next to the programs.
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByText("Choose at least one program.").first()).toBeVisible();
  await shot(page, testInfo, "join-refused");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("MPN ID").fill(mpnId);
  await page.getByLabel("Country or region").fill("Portugal");
  await page.getByLabel("Your name").fill("Jordan Silva");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Subscription advisor").check();
  await page.getByLabel("Indirect reseller").check();
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.locator("#join-sent")).toContainText("Check your email");

  // The emailed link asks before confirming.
  await page.goto(await emailedLink(email, "join/confirm"));
  await expect(page.getByText(`to send the request for ${company} to the operator`)).toBeVisible();
  await shot(page, testInfo, "join-confirm");
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.locator("#join-confirmed")).toContainText("waits for the operator's decision");

  // The operator approves it in the advisor program only.
  const operator = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const desk = await operator.newPage();
  await signIn(desk, "operator@partnerdesk.example", "/operator/join-requests");
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText("Join requests");
  const card = desk.locator("li.card", { has: desk.getByRole("heading", { name: company }) });
  await expect(card).toContainText("Jordan Silva");
  await expect(card).toContainText("Subscription advisor, Indirect reseller");
  await shot(desk, testInfo, "operator-join-requests");
  await card.getByLabel("Indirect reseller").uncheck();
  await card.getByRole("button", { name: "Approve and invite the admin" }).click();
  await expect(desk.locator("#join-request-done")).toContainText("Approved");
  await desk.getByRole("link", { name: "Open the organisation" }).click();
  await expect(desk.locator("#organisation-name")).toHaveText(company);
  await shot(desk, testInfo, "operator-joined-organisation");
  await operator.close();

  // The applicant chooses a password from the approval message and is the Global admin.
  await page.goto(await emailedLink(email, "invitation"));
  const chosen = "wide world passphrase";
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("New password again").fill(chosen);
  await page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Jordan Silva");
  await expect(page.getByText("Global admin").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" }).first()).toBeVisible();
  await shot(page, testInfo, "joined-home");
});
