import { expect, test } from "@playwright/test";
import { t } from "./catalog";
import { emailedLink, shot, signIn, waitForHydration, wasmRequests } from "./helpers";

test("an advisor walks the Create purchase offer wizard, copies the URL and finds the offer by its summary ID", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const wasm = wasmRequests(page);
  await signIn(page, "advisor@contoso.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  await page.goto("/offers/new");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create purchase offer");

  // Next with nothing chosen: every problem is named next to its field.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Some fields need attention");
  await expect(page.getByText("Choose one of your partner offices.")).toBeVisible();
  await expect(page.getByText("Check at least one subscription.")).toBeVisible();

  await page.getByLabel("Partner office").selectOption({ label: "Utrecht (Utrecht)" });
  await page.getByLabel("Usage location").fill("UK");
  await expect(page.locator("p.hint", { hasText: "United Kingdom" })).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft Teams Essentials/ }).check();

  // Changing the usage location drops what is not sold there, and says so.
  await page.getByLabel("Usage location").fill("NL");
  await expect(page.getByRole("status").filter({ hasText: "TEAMS-ESSENTIALS" })).toBeVisible();
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  const count = page.getByRole("spinbutton", { name: "License count" });
  await count.fill("301");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();
  await count.fill("25");
  // The line chooses its term and billing plan among those sold in the usage location, and
  // shows its price; the totals follow.
  const plan = page.getByLabel("Term and billing");
  await expect(plan).toHaveValue("P1Y-monthly");
  await expect(page.locator(".line-plan .line-price")).toHaveText("25 × €5.64 = €141.00 a month");
  await plan.selectOption("P1Y-annual");
  await expect(page.locator(".line-plan .line-price")).toHaveText("25 × €67.68 = €1,692.00 a year");
  await expect(page.locator("#wizard-totals")).toContainText("Billed annually: €1,692.00");

  await page.getByRole("checkbox", { name: "Offer delegated administration to this client" }).check();
  await page.getByLabel("Relationship name").fill(`Contoso support ${testInfo.project.name}`);
  // The roles Business Basic needs are recommended (its licenses, support, its mailboxes);
  // any other role is found by searching the catalogue, with what holds fewer permissions.
  await expect(page.locator("#gdap-recommended")).toContainText("License administrator, Service support administrator, Exchange recipient administrator");
  await page.getByRole("button", { name: "Use the recommended roles" }).click();
  await expect(page.getByRole("checkbox", { name: "Exchange recipient administrator" })).toBeChecked();
  await page.getByLabel("Find a role").fill("reset passwords");
  await expect(page.locator(".role-options li[data-role='password_administrator']")).toBeVisible();
  await page.getByLabel("Find a role").fill("user admin");
  await page.getByRole("checkbox", { name: "User administrator" }).check();
  await expect(page.locator(".role-options li[data-role='user_administrator'] .alternatives")).toHaveText("Often enough instead: Helpdesk administrator, Groups administrator, License administrator");
  await page.getByLabel("Find a role").fill("no role is called this");
  await expect(page.getByText("No role matches.")).toBeVisible();
  await page.getByLabel("Find a role").fill("");
  await expect(page.locator(".role-options li")).toHaveCount(4);
  await page.getByLabel("Duration in days").fill("365");
  await shot(page, testInfo, "create-offer");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send");
  // The Send page is a new page load (the wizard is an island: no router to navigate with).
  await waitForHydration(page);
  await expect(page.locator("#offer-totals")).toContainText("Billed annually: €1,692.00");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/1 year, billed annually, 25 × €67\.68 = €1,692\.00 a year/);
  const summaryId = (await page.locator("#summary-id").textContent())!.trim();
  expect(summaryId).toMatch(/^PO-[234679ACDEFGHJKMNPQRTUVWXYZ]{4}-[234679ACDEFGHJKMNPQRTUVWXYZ]{4}$/);
  const url = await page.getByLabel("Offer URL").inputValue();
  expect(url).toMatch(/\/offer\/contoso\/[a-z2-7]{32}$/);
  await page.getByRole("button", { name: "Copy to clipboard" }).first().click();
  await expect(page.getByRole("button", { name: "Copied" }).first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", /^mailto:\?subject=/);
  // The message for the client can be in another language than the advisor's pages.
  await page.getByLabel("Language of the message").selectOption("fr");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/vous propose ces abonnements/);
  await page.getByLabel("Language of the message").selectOption("en");
  await page.getByLabel("Introduction").fill("Dear client, here is the offer we discussed.");
  await expect(page.getByLabel("Purchase offer information")).toHaveValue(/Dear client/);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Message saved.")).toBeVisible();
  await shot(page, testInfo, "send-page");

  // Send: PartnerDesk emails the message shown to the client (the address is checked first).
  await page.getByLabel("Client's email address").fill("iris");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator("#recipient_email-error")).toBeVisible();
  const client = `iris.${testInfo.project.name}.${Date.now()}@wingtip.example`;
  await page.getByLabel("Client's email address").fill(client);
  await expect(page.getByRole("link", { name: "Open in email" })).toHaveAttribute("href", new RegExp(`^mailto:${client.replace(/\./g, "\\.")}\\?subject=`));
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Sent to ${client}` })).toBeVisible();
  await shot(page, testInfo, "send-page-sent");
  const emailed = await emailedLink(client, "offer");
  expect(url.endsWith(emailed)).toBeTruthy();

  await page.goto(`/offers?q=${summaryId}`);
  await expect(page.getByRole("link", { name: summaryId })).toBeVisible();
  await expect(page.getByText("Microsoft 365 Business Basic × 25")).toBeVisible();
  await shot(page, testInfo, "offers-list");
  // Sign-in, home, wizard, Send page, list: every page served whole, with an islands build (the
  // site's module is the one of the pages that read and post).
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.filter((name) => !["partnerdesk.wasm", "offer-wizard.wasm"].includes(name))).toEqual([]);
});

test("Create purchase offer is served whole: the islands build and the page's texts, not the staff's app", async ({ page }, testInfo) => {
  await signIn(page, "advisor@contoso.example", "/");
  await waitForHydration(page);
  // Every page is served whole: following the menu from the home page loads the wizard's page
  // and its islands build, never the staff's whole app.
  const wasm = wasmRequests(page);
  const texts: string[] = [];
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname.split("/").pop() ?? "";
    if (name.startsWith("texts-")) texts.push(name);
  });
  await page.locator('header a[href="/offers/new"]').first().dispatchEvent("click");
  await expect(page).toHaveURL(/\/offers\/new$/);
  await waitForHydration(page);
  expect(wasm).toEqual(["offer-wizard.wasm"]);
  expect(texts).toEqual(["texts-en.js"]);
  // Opened directly, the same: one island on a page the server rendered whole.
  await page.goto("/offers/new");
  await waitForHydration(page);
  expect(wasm.every((name) => name === "offer-wizard.wasm")).toBeTruthy();
  await expect(page.locator("leptos-island form.wizard")).toHaveCount(1);
  // Its messages come from the texts the page loaded (the islands build has no catalog).
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Choose one of your partner offices.")).toBeVisible();
  await page.getByLabel("Usage location").fill("NL");
  await expect(page.locator("#usage-country-name")).toHaveText("Netherlands");
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("0");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();

  // The language switch loads the page again in French, with its texts; the draft comes back.
  await page.getByLabel("Language").selectOption("fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("CreateOfferTitle", "fr"));
  await waitForHydration(page);
  expect(texts).toContain("texts-fr.js");
  await expect(page.locator("#draft-restored")).toBeVisible();
  await expect(page.getByLabel(t("UsageLocation", "fr"), { exact: true })).toHaveValue("NL");
  await expect(page.locator("#usage-country-name")).toHaveText("Pays-Bas");
  await page.getByRole("button", { name: t("Next", "fr"), exact: true }).click();
  await expect(page.getByText(t("ErrLicenseRange", "fr", { min: "1", max: "300" }))).toBeVisible();
  await shot(page, testInfo, "create-offer-islands-fr");
  await page.getByLabel(t("Language", "fr"), { exact: true }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create purchase offer");
  await waitForHydration(page);
  expect(wasm.every((name) => name === "offer-wizard.wasm")).toBeTruthy();
  await page.getByRole("button", { name: "Start over" }).click();
  await expect(page.getByLabel("Usage location")).toHaveValue("");
});

test("someone without the Advisor role gets an explanation, not a broken page", async ({ page }) => {
  await signIn(page, "admin@northwind.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
  const response = await page.goto("/offers/new");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("This page is for organisations in the Subscription advisor program")).toBeVisible();
});

test("a Global admin allows discounts and an advisor gives one on a line", async ({ page }, testInfo) => {
  await signIn(page, "admin@contoso.example", "/settings/offer-prices");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offer prices");
  const limit = page.getByLabel("Largest discount advisors may give (percent)");
  await limit.fill("101");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a whole number from 0 to 100.")).toBeVisible();
  await limit.fill("15");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved: new offers follow this limit.");
  await shot(page, testInfo, "offer-prices");

  // The wizard offers a discount or a price per line, within 15%; the client sees the final price.
  await page.goto("/offers/new");
  await waitForHydration(page);
  await page.getByLabel("Usage location").fill("NL");
  await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
  await page.getByRole("spinbutton", { name: "License count" }).fill("25");
  const adjustment = page.getByLabel("Discount or price per license");
  await adjustment.fill("20%");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Your organisation allows discounts of at most 15% on offers.")).toBeVisible();
  await adjustment.fill("10%");
  await expect(page.locator(".line-plan .line-price")).toContainText("25 × €5.08 = €127.00 a month");
  await expect(page.locator(".line-plan .line-price")).toContainText("price list: €5.64");
  await expect(page.locator("#wizard-totals")).toContainText("Billed monthly: €127.00");
  await shot(page, testInfo, "create-offer-discount");
});
