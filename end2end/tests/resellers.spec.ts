import { Browser, expect, Page, test } from "@playwright/test";
import { emailedLink, PASSWORD, shot, signIn, waitForHydration } from "./helpers";

// Two people, two browsers: the indirect provider and the reseller each get their own context.
async function personAt(browser: Browser, baseURL: string | undefined, isMobile: boolean, viewport: { width: number; height: number } | null) {
  const context = await browser.newContext({ baseURL, isMobile, viewport: viewport ?? undefined });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return { context, page: await context.newPage() };
}

/** As the provider: Request a partnership, fill the draft, and return the personalised link;
 * with `send`, PartnerDesk emails it (Send) before Done. */
async function requestPartnership(page: Page, email: string, shotName?: (p: Page) => Promise<void>, send = false) {
  await page.goto("/resellers");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Request a partnership" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request a partnership");
  // A page load: the draft is an island of the partner pages' build, which answers once hydrated.
  await waitForHydration(page);
  await expect(page.getByRole("note")).toContainText("be sure to include the link");
  const link = await page.getByLabel("Personalised link").inputValue();
  expect(link).toMatch(/\/partnerships\/[a-z2-7]{32}$/);
  await expect(page.getByRole("textbox", { name: "Message", exact: true })).toHaveValue(new RegExp(link.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await page.getByLabel("Reseller's email address").fill(email);
  await expect(page.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", new RegExp(`^mailto:${email.replace(".", "\\.")}\\?subject=`));
  // Taking the link out of the message is flagged at once.
  const message = page.getByRole("textbox", { name: "Message", exact: true });
  const text = await message.inputValue();
  await message.fill("Hello, let us partner.");
  await expect(page.getByText("no longer contains your personalised link")).toBeVisible();
  await message.fill(text);
  await expect(page.getByText("no longer contains your personalised link")).toHaveCount(0);
  await page.getByRole("button", { name: "Copy to clipboard" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(link);
  if (send) {
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(`Sent to ${email}. Replies come to your own address.`);
  }
  if (shotName) await shotName(page);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/resellers$/);
  await expect(page.getByText(`Sent to ${email}`)).toBeVisible();
  return link;
}

test("a provider requests a partnership, an existing reseller accepts, and the provider sees it", async ({ browser, baseURL, isMobile, viewport }, testInfo) => {
  const reseller = testInfo.project.name === "desktop"
    ? { email: "agent@litware.example", org: "Litware IT" }
    : { email: "admin@proseware.example", org: "Proseware Solutions" };
  const provider = await personAt(browser, baseURL, isMobile, viewport);
  await signIn(provider.page, "admin@northwind.example", "/resellers");
  await expect(provider.page.getByRole("heading", { level: 1 })).toHaveText("Indirect resellers");
  await expect(provider.page.getByRole("rowheader", { name: "Adatum Resellers" })).toBeVisible();
  await shot(provider.page, testInfo, "indirect-resellers");
  const link = await requestPartnership(provider.page, reseller.email, (p) => shot(p, testInfo, "partnership-draft"));

  const other = await personAt(browser, baseURL, isMobile, viewport);
  await signIn(other.page, reseller.email);
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  await other.page.goto(link);
  await waitForHydration(other.page);
  await expect(other.page.getByText("Northwind Distribution invites you to partner")).toBeVisible();
  await shot(other.page, testInfo, "partnership-accept");
  await other.page.getByRole("button", { name: `Accept for ${reseller.org}` }).click();
  await expect(other.page).toHaveURL(/\/providers\?accepted=1$/);
  await expect(other.page.getByRole("status")).toContainText("Partnership accepted");
  await expect(other.page.getByRole("heading", { level: 2, name: "Northwind Distribution" })).toBeVisible();
  await shot(other.page, testInfo, "indirect-providers");

  // Accepting twice gets a clear message.
  await other.page.goto(link);
  await expect(other.page.getByRole("alert")).toContainText(`already been accepted by ${reseller.org}`);

  await provider.page.goto("/resellers");
  await expect(provider.page.getByRole("rowheader", { name: reseller.org })).toBeVisible();
  await expect(provider.page.getByText(`Sent to ${reseller.email}`)).toHaveCount(0);
  await provider.context.close();
  await other.context.close();
});

test("someone without an account registers a reseller organisation and accepts", async ({ browser, baseURL, isMobile, viewport }, testInfo) => {
  const suffix = testInfo.project.name === "desktop" ? "1" : "2";
  const company = `Relecloud ${testInfo.project.name}`;
  const provider = await personAt(browser, baseURL, isMobile, viewport);
  await signIn(provider.page, "sales@northwind.example", "/resellers");
  const email = `riley${suffix}.${Date.now()}@relecloud.example`;
  const link = await requestPartnership(provider.page, email, (p) => shot(p, testInfo, "partnership-sent"), true);

  // The reseller opens the link from the message PartnerDesk sent.
  const emailed = await emailedLink(email, "partnerships");
  expect(link.endsWith(emailed)).toBeTruthy();
  const visitor = await personAt(browser, baseURL, isMobile, viewport);
  await visitor.page.goto(emailed);
  await waitForHydration(visitor.page);
  await expect(visitor.page.getByRole("link", { name: "Sign in to accept" })).toBeVisible();
  const form = visitor.page.locator("form", { has: visitor.page.getByRole("button", { name: "Register and continue" }) });
  await form.getByLabel("Company name").fill(company);
  await form.getByLabel("MPN ID").fill("40000A" + suffix);
  await form.getByLabel("Country or region").fill("NL");
  await form.getByLabel("Your name").fill("Riley Chen");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Choose a password").fill("a long enough passphrase");
  await form.getByRole("button", { name: "Register and continue" }).click();
  await expect(visitor.page.getByText("Use digits only.")).toBeVisible();
  await shot(visitor.page, testInfo, "register-reseller-error");
  await form.getByLabel("MPN ID").fill(String(Date.now()).slice(-7) + suffix);
  await form.getByRole("button", { name: "Register and continue" }).click();
  // Nothing is created until the email is confirmed with the link PartnerDesk sends.
  await expect(visitor.page.locator("#registration-sent")).toContainText("we emailed you a link");
  await shot(visitor.page, testInfo, "register-reseller-sent");
  await visitor.page.goto(await emailedLink(email, "register/confirm"));
  await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText("Confirm your email");
  await expect(visitor.page.getByText(`to create the PartnerDesk account of ${company}`)).toBeVisible();
  await shot(visitor.page, testInfo, "register-reseller-confirm");
  await visitor.page.getByRole("button", { name: "Confirm and create the account" }).click();
  await visitor.page.getByRole("button", { name: `Accept for ${company}` }).click();
  await expect(visitor.page).toHaveURL(/\/providers\?accepted=1$/);
  await expect(visitor.page.getByRole("heading", { level: 2, name: "Northwind Distribution" })).toBeVisible();

  await provider.page.goto("/resellers");
  await expect(provider.page.getByRole("rowheader", { name: company })).toBeVisible();
  await provider.context.close();
  await visitor.context.close();
});

test("removing a partnership asks first, keeps the customers, and it can be requested again", async ({ browser, baseURL, isMobile, viewport }, testInfo) => {
  const provider = await personAt(browser, baseURL, isMobile, viewport);
  await signIn(provider.page, "agent@northwind.example", "/resellers");
  await waitForHydration(provider.page);
  const customersCell = () => provider.page.getByRole("row", { name: /Adatum Resellers/ }).getByRole("cell").nth(3);
  const customersBefore = (await customersCell().textContent())!.trim();
  expect(Number(customersBefore)).toBeGreaterThan(0);
  await provider.page.getByRole("link", { name: "Remove partnership – Adatum Resellers" }).click();
  await expect(provider.page.getByText("Remove the partnership with Adatum Resellers?")).toBeVisible();
  await expect(provider.page.getByText("Customers associated to the indirect reseller will not be removed")).toBeVisible();
  await expect(provider.page.getByText("does not send any notice")).toBeVisible();
  await expect(provider.page.getByText("Woodgrove Bank — associated customer")).toBeVisible();
  // The transition plan: leave the subscriptions, give them to another partner, or take them over.
  const plan = provider.page.getByLabel("Reassign its subscriptions");
  await expect(plan).toHaveValue("");
  await expect(plan.locator("option", { hasText: "Northwind Distribution: no reseller of record" })).toHaveCount(1);
  await shot(provider.page, testInfo, "remove-partnership");

  // No keeps it.
  await provider.page.getByRole("link", { name: "No" }).click();
  await expect(provider.page.getByRole("rowheader", { name: "Adatum Resellers" })).toBeVisible();

  await provider.page.getByRole("link", { name: "Remove partnership – Adatum Resellers" }).click();
  await provider.page.getByRole("button", { name: "Yes" }).click();
  await expect(provider.page).toHaveURL(/\/resellers\?removed=\d+$/);
  await expect(provider.page.getByRole("status")).toContainText("The partnership with Adatum Resellers was removed.");
  await expect(provider.page.getByRole("status")).toContainText("Woodgrove Bank — associated customer");
  await expect(provider.page.getByRole("rowheader", { name: "Adatum Resellers" })).toHaveCount(0);
  await shot(provider.page, testInfo, "partnership-removed");
  // PartnerDesk drafts the notices the program does not send, one per customer, to send from one's own email.
  await expect(provider.page.getByRole("heading", { name: "Notices to your customers" })).toBeVisible();
  const woodgrove = provider.page.getByRole("article", { name: "Woodgrove Bank" });
  // Each draft is folded under its recipient.
  await woodgrove.getByText("Woodgrove Bank: to Alex <alex@woodgrovebank.example>").click();
  await expect(woodgrove).toContainText("Reseller of record stays Adatum Resellers for now");
  await expect(woodgrove.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", /^mailto:alex@woodgrovebank\.example\?subject=/);
  // Its subscriptions now earn nobody incentives: the notice leads to the report that reassigns them.
  await expect(provider.page.locator("#reassign")).toHaveAttribute("href", "/customers/incentives");

  // Adatum sees no provider any more; then the provider asks again and Adatum accepts.
  const adatum = await personAt(browser, baseURL, isMobile, viewport);
  await signIn(adatum.page, "admin@adatum.example", "/providers");
  await expect(adatum.page.getByText("No partnerships yet")).toBeVisible();
  const link = await requestPartnership(provider.page, "admin@adatum.example");
  await adatum.page.goto(link);
  await waitForHydration(adatum.page);
  await adatum.page.getByRole("button", { name: "Accept for Adatum Resellers" }).click();
  await expect(adatum.page.getByText("Woodgrove Bank")).toBeVisible();

  await provider.page.goto("/resellers");
  const row = provider.page.getByRole("row", { name: /Adatum Resellers/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(3)).toHaveText(customersBefore);
  await provider.context.close();
  await adatum.context.close();
});

test("a partnership link works without JavaScript", async ({ browser, baseURL }) => {
  const provider = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await provider.newPage();
  await page.goto("/sign-in?next=/resellers");
  await page.getByLabel("Email").fill("admin@tailspin.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Indirect resellers");
  // (Tailspin may have partners by now: resellers ask it to partner in providers.spec.)
  await page.getByRole("button", { name: "Request a partnership" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request a partnership");
  const link = await page.getByLabel("Personalised link").inputValue();
  await expect(page.getByRole("textbox", { name: "Message", exact: true })).toHaveValue(/Tailspin Cloud Supply would like to partner/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/resellers$/);
  await provider.close();

  const visitor = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const other = await visitor.newPage();
  await other.goto(link);
  await expect(other.getByText("Tailspin Cloud Supply invites you to partner")).toBeVisible();
  await visitor.close();
});
