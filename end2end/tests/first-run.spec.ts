import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { Browser, Page } from "@playwright/test";
import { emailedLink, shot, totp, waitForHydration } from "./helpers";

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

const EMPTY_MAIL_DIR = process.env.E2E_EMPTY_MAIL_DIR ?? "";
const OPERATOR = { email: "olga@partners.example", password: "the first operator's passphrase" };

async function person(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: EMPTY_URL, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Join PartnerDesk as `company` in `program`, confirm the email, have the operator approve it, and choose the admin's password. */
async function joinAndApprove(browser: Browser, operator: Page, company: string, mpnId: string, program: string, name: string, email: string, password: string) {
  const page = await person(browser);
  await page.goto("/join");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("MPN ID").fill(mpnId);
  await page.getByLabel("Country or region").fill("Netherlands");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(program).check();
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.locator("#join-sent")).toContainText("Check your email");
  await page.goto(await emailedLink(email, "join/confirm", EMPTY_MAIL_DIR));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.locator("#join-confirmed")).toBeVisible();

  await operator.goto("/operator/join-requests");
  const card = operator.locator("li.card", { has: operator.getByRole("heading", { name: company }) });
  await card.getByRole("button", { name: "Approve and invite the admin" }).click();
  await expect(operator.locator("#join-request-done")).toContainText("Approved");

  await page.goto(await emailedLink(email, "invitation", EMPTY_MAIL_DIR));
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("New password again").fill(password);
  await page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${name}`);
  return page;
}

test("from an empty installation to an advisor's offer and a reseller's partnership, through real email", async ({ browser }, testInfo) => {
  test.skip(!EMPTY_URL || !EMPTY_MAIL_DIR, "needs the empty server of scripts/e2e.sh");
  test.skip(testInfo.project.name !== "desktop", "one installation: the desktop run goes through it");
  test.setTimeout(180_000);

  // The operator of the installation set up above imports the catalog.
  const operator = await person(browser);
  await signInAs(operator, OPERATOR.email, OPERATOR.password);
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText("Welcome, Olga Operator");
  await operator.goto("/operator/price-lists");
  await expect(operator.getByText("No price list yet")).toBeVisible();
  await operator.getByLabel("Price list file (CSV)").setInputFiles(path.join(__dirname, "..", "..", "samples", "sample-price-list.csv"));
  await operator.getByRole("button", { name: "Preview" }).click();
  await expect(operator.locator("#preview-counts")).toContainText("678 prices can be taken: 678 added");
  await operator.getByRole("button", { name: "Apply: make this the price list in force" }).click();
  await expect(operator.locator("#price-list-notice")).toContainText("is in force");

  // An advisor organisation joins; its admin turns on two-step verification and signs in with a code.
  const adminPassword = "fabrikam admin passphrase";
  const admin = await joinAndApprove(browser, operator, "Fabrikam Advisory", "7300001", "Subscription advisor", "Alex Admin", "alex@fabrikam-advisory.example", adminPassword);
  await admin.goto("/settings/account");
  await admin.getByRole("link", { name: "Set up two-step verification" }).click();
  const secret = (await admin.locator("#two-step-secret").textContent())!.trim();
  await admin.getByLabel("The six-digit code the app shows").fill(totp(secret));
  await admin.getByRole("button", { name: "Turn on" }).click();
  await expect(admin.locator("#two-step-on")).toBeVisible();
  await admin.getByRole("link", { name: "I have saved them" }).click();
  await admin.context().clearCookies();
  await signInAs(admin, "alex@fabrikam-advisory.example", adminPassword);
  await expect(admin).toHaveURL(/\/sign-in\/code/);
  await admin.getByLabel("Code").fill(totp(secret, 30));
  await admin.getByRole("button", { name: "Verify" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Welcome, Alex Admin");

  // The admin adds the office and invites an advisor, who creates an offer from the imported catalog.
  await admin.goto("/settings/locations");
  await waitForHydration(admin);
  await admin.getByLabel("Office name").fill("Amsterdam");
  await admin.getByLabel("Address line 1").fill("Keizersgracht 1");
  await admin.getByLabel("City").fill("Amsterdam");
  await admin.getByLabel("Country or region").fill("NL");
  await admin.getByRole("button", { name: "Add a location" }).click();
  await expect(admin).toHaveURL(/added=1/);
  await admin.goto("/settings/users");
  await waitForHydration(admin);
  const invite = admin.locator("form", { has: admin.getByRole("button", { name: "Add user" }) });
  await invite.getByLabel("Name", { exact: true }).fill("Ava Advisor");
  await invite.getByLabel("Email").fill("ava@fabrikam-advisory.example");
  await invite.getByLabel("Advisor").check();
  await invite.getByRole("button", { name: "Add user" }).click();
  const advisor = await person(browser);
  await advisor.goto(await emailedLink("ava@fabrikam-advisory.example", "invitation", EMPTY_MAIL_DIR));
  await advisor.getByLabel("New password", { exact: true }).fill("ava's own passphrase");
  await advisor.getByLabel("New password again").fill("ava's own passphrase");
  await advisor.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(advisor.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ava Advisor");
  await advisor.goto("/offers/new");
  await waitForHydration(advisor);
  await expect(advisor.getByRole("heading", { level: 1 })).toHaveText("Create purchase offer");
  await advisor.getByLabel("Partner office").selectOption({ label: "Amsterdam (Amsterdam)" });
  await advisor.getByLabel("Usage location").fill("NL");
  await advisor.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await advisor.getByRole("spinbutton", { name: "License count" }).fill("10");
  await advisor.getByRole("button", { name: "Next" }).click();
  await expect(advisor.getByRole("heading", { level: 1 })).toHaveText("Send");
  await expect(advisor.locator("#summary-id")).toHaveText(/^PO-/);
  await advisor.screenshot({ path: "screenshots/desktop-journey-offer.png", fullPage: true });

  // A provider organisation joins and has PartnerDesk email a partnership request; a new reseller registers from it and accepts.
  const provider = await joinAndApprove(browser, operator, "Northwind Cloud", "7300002", "Indirect provider", "Pat Provider", "pat@northwind-cloud.example", "northwind cloud passphrase");
  await provider.goto("/resellers");
  await provider.getByRole("button", { name: "Request a partnership" }).click();
  await expect(provider.getByRole("heading", { level: 1 })).toHaveText("Request a partnership");
  await waitForHydration(provider);
  await provider.getByLabel("Reseller's email address").fill("riley@relecloud.example");
  await provider.getByRole("button", { name: "Send", exact: true }).click();
  await expect(provider.getByRole("status")).toContainText("Sent to riley@relecloud.example");
  const reseller = await person(browser);
  await reseller.goto(await emailedLink("riley@relecloud.example", "partnerships", EMPTY_MAIL_DIR));
  await expect(reseller.getByText("Northwind Cloud invites you to partner")).toBeVisible();
  await waitForHydration(reseller);
  const form = reseller.locator("form", { has: reseller.getByRole("button", { name: "Register and continue" }) });
  await form.getByLabel("Company name").fill("Relecloud");
  await form.getByLabel("MPN ID").fill("7300003");
  await form.getByLabel("Country or region").fill("NL");
  await form.getByLabel("Your name").fill("Riley Chen");
  await form.getByLabel("Email").fill("riley@relecloud.example");
  await form.getByLabel("Choose a password").fill("relecloud passphrase");
  await form.getByRole("button", { name: "Register and continue" }).click();
  await expect(reseller.locator("#registration-sent")).toBeVisible();
  await reseller.goto(await emailedLink("riley@relecloud.example", "register/confirm", EMPTY_MAIL_DIR));
  await reseller.getByRole("button", { name: "Confirm and create the account" }).click();
  await reseller.getByRole("button", { name: "Accept for Relecloud" }).click();
  await expect(reseller).toHaveURL(/\/providers\?accepted=1$/);
  await expect(reseller.getByRole("heading", { level: 2, name: "Northwind Cloud" })).toBeVisible();
  await provider.goto("/resellers");
  await expect(provider.getByRole("rowheader", { name: "Relecloud" })).toBeVisible();
  await provider.screenshot({ path: "screenshots/desktop-journey-resellers.png", fullPage: true });
});
