import { expect, test } from "@playwright/test";
import { createOffer, shot, signIn } from "./helpers";

test("an advisor asks an existing customer for a new delegated admin relationship, the client approves it, the old one is terminated", async ({ page, playwright, baseURL }, testInfo) => {
  // A client accepts an offer with delegated administration: its own relationship, active.
  const api = await playwright.request.newContext({ baseURL });
  const { path } = await createOffer(api, true);
  const [, , code, token] = path.split("/");
  const domain = "gdap" + Math.random().toString(36).slice(2, 9);
  const company = `Gdap Walk ${domain}`;
  const client = await playwright.request.newContext({ baseURL });
  const accepted = await client.post("/api/offer/accept", {
    form: {
      code, token, company_name: company, domain_prefix: domain, address_line1: "Keizersgracht 1", city: "Amsterdam", postal_code: "1015 CJ",
      contact_first_name: "Iris", contact_last_name: "Bakker", contact_email: "iris@gdap.example", language: "en",
      "counts[M365-BUSINESS-BASIC]": "5", "counts[M365-BUSINESS-STANDARD]": "2", delegated_admin: "with", idempotency_key: domain,
    },
  });
  expect(accepted.ok()).toBeTruthy();

  // Delegated administration across every customer: the new relationship, active.
  await signIn(page, "advisor@contoso.example", "/");
  await page.getByRole("link", { name: "GDAP" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delegated administration");
  const first = page.getByRole("row", { name: new RegExp(company) });
  await expect(first).toContainText(`- ${domain}`);
  await expect(first).toContainText("Active");
  await expect(first).toContainText("User administrator");
  await shot(page, testInfo, "delegated-admin");
  // The filter: ending within 30 days leaves it out (it runs a year).
  await page.getByLabel("Ending within").selectOption("30");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/ending=30/);
  await expect(page.getByRole("row", { name: new RegExp(company) })).toHaveCount(0);
  await page.getByLabel("Ending within").selectOption("");
  await page.getByLabel("Status").selectOption("active");
  await page.getByRole("button", { name: "Show" }).click();

  // A role template to ask with again.
  const templateName = `Helpdesk template ${domain}`;
  await page.getByLabel("Template name").fill(templateName);
  await page.locator("#add-template").getByLabel("Helpdesk administrator").check();
  await page.getByRole("button", { name: "Save the template" }).click();
  await expect(page.locator("#templates-saved")).toBeVisible();
  await expect(page.locator(".role-templates")).toContainText(`${templateName}: Helpdesk administrator`);
  await shot(page, testInfo, "delegated-admin-templates");

  // The customer's page: ask for a new relationship with other roles.
  await page.getByRole("row", { name: new RegExp(company) }).getByRole("link", { name: company }).click();
  await expect(page.locator("#customer-heading")).toHaveText(company);
  // The roles its subscriptions need are recommended (Business Basic and Standard: mailboxes).
  const recommended = page.locator("#gdap-customer-recommended");
  await expect(recommended).toContainText(`Recommended for the subscriptions ${company} has`);
  await expect(recommended).toContainText("Exchange recipient administrator: create and manage mailboxes");
  await recommended.getByRole("link", { name: "Use the recommended roles" }).click();
  const request = page.locator("#request-relationship");
  await expect(request.getByLabel(/^License administrator/)).toBeChecked();
  await expect(request.getByLabel(/^Exchange recipient administrator/)).toBeChecked();
  await expect(request.getByLabel(/^Global administrator/)).not.toBeChecked();
  // Start from the template: its roles come checked.
  await page.getByRole("link", { name: templateName }).click();
  await expect(page.getByLabel(/^Helpdesk administrator/)).toBeChecked();
  const name = `Helpdesk ${domain}`;
  await page.getByLabel("Relationship name").fill(name);
  await page.getByLabel(/^Global administrator/).check();
  await page.getByLabel("Duration in days").fill("180");
  await page.getByLabel("Extend automatically by 180 days at the end").check();
  await page.getByRole("button", { name: "Create the approval link" }).click();
  // Global administrator forbids auto-extend: said beside the field, nothing made.
  await expect(page.getByText("A relationship with the Global administrator role cannot extend itself.")).toBeVisible();
  await page.getByLabel("Relationship name").fill(name);
  await page.getByLabel(/^Helpdesk administrator/).check();
  await page.getByLabel("Duration in days").fill("180");
  await page.getByRole("button", { name: "Create the approval link" }).click();
  await expect(page.locator("#relationship-requested")).toContainText("Send the approval link to the customer.");
  const link = (await page.locator("#approval-link").textContent())!.trim();
  expect(link).toMatch(/\/delegated-admin\/approve\/[a-z2-7]{32}$/);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Waiting for approval");
  await shot(page, testInfo, "delegated-admin-customer");

  // The client opens the link (no account), reads what is asked in plain words, approves.
  const clientContext = await page.context().browser()!.newContext({ baseURL, viewport: page.viewportSize() });
  const clientPage = await clientContext.newPage();
  await clientPage.goto(new URL(link).pathname);
  await expect(clientPage.getByRole("heading", { level: 1 })).toHaveText("Approve delegated administration");
  await expect(clientPage.getByText(`Contoso Advisors asks permission to help administer the account of ${company} for 6 months`)).toBeVisible();
  await expect(clientPage.getByText("reset passwords of non-administrators and help them sign in")).toBeVisible();
  await shot(clientPage, testInfo, "delegated-admin-approve");
  await clientPage.getByRole("button", { name: "Approve" }).click();
  await expect(clientPage.locator("#relationship-answer")).toContainText("Approved. The relationship runs until");
  await expect(clientPage.getByRole("button", { name: "End this relationship" })).toBeVisible();
  await shot(clientPage, testInfo, "delegated-admin-approved");
  await clientContext.close();

  // The advisor sees it active, and gives a security group one of its roles.
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Active");
  const assignments = page.locator("details.assignments", { hasText: `Access assignments: ${name}` });
  await assignments.locator("summary").click();
  await assignments.getByLabel("Security group").fill("Helpdesk agents");
  await assignments.getByLabel("Helpdesk administrator").check();
  await assignments.getByRole("button", { name: "Assign roles" }).click();
  await expect(page.locator("#assignment-saved")).toBeVisible();
  await expect(page.locator("details.assignments", { hasText: `Access assignments: ${name}` })).toContainText("Helpdesk agents: Helpdesk administrator");
  await shot(page, testInfo, "delegated-admin-assignments");

  // And terminates the first one.
  const old = page.getByRole("row", { name: new RegExp(`- ${domain}`) });
  await old.getByRole("button", { name: "Terminate" }).click();
  await expect(page.locator("#relationship-terminated")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`- ${domain}`) })).toContainText("Terminated");
  await expect(page.getByRole("row", { name: new RegExp(`- ${domain}`) })).toContainText("Terminated by your organisation");
  await shot(page, testInfo, "delegated-admin-terminated");
});
