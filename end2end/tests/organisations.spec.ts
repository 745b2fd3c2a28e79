import { APIRequestContext, expect, test } from "@playwright/test";
import { emailedLink, PASSWORD, shot, signIn } from "./helpers";

/** A reseller organisation of its own, registered through a Northwind partnership link (so no other test's organisation is suspended). */
async function newReseller(request: APIRequestContext, anonymous: APIRequestContext, company: string, email: string, password: string) {
  expect((await request.post("/api/auth/sign-in", { form: { email: "sales@northwind.example", password: PASSWORD } })).ok()).toBeTruthy();
  const id = await (await request.post("/api/resellers/request", { form: {} })).json();
  const draft = await (await request.post("/api/resellers/request/get", { form: { id: String(id) } })).json();
  const token = String(draft.link).split("/").pop()!;
  await request.post("/api/auth/sign-out");
  const mpnId = String(Date.now()).slice(-8) + (company.includes("phone") ? "2" : "1");
  const registered = await anonymous.post("/api/partnerships/register", {
    form: { token, company_name: company, mpn_id: mpnId, country: "NL", user_name: "Morgan Reyes", email, password },
  });
  expect(registered.ok(), await registered.text()).toBeTruthy();
  // The organisation exists once the registrant confirms their email with the emailed link.
  const confirm = (await emailedLink(email, "register/confirm")).split("/").pop()!;
  const confirmed = await anonymous.post("/api/partnerships/register/confirm", { form: { token: confirm } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();
  return mpnId;
}

test("the operator finds an organisation, changes its programs, certifies it, suspends and reactivates it", async ({ page, request, playwright, baseURL }, testInfo) => {
  const company = `Fourth Coffee ${testInfo.project.name} ${Date.now()}`;
  const email = `morgan.${testInfo.project.name}.${Date.now()}@fourthcoffee.example`;
  const password = "fourth coffee passphrase";
  const anonymous = await playwright.request.newContext({ baseURL });
  const mpnId = await newReseller(request, anonymous, company, email, password);
  await anonymous.dispose();

  await signIn(page, "operator@partnerdesk.example", "/operator/organisations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Organisations");
  await expect(page.getByRole("status")).toContainText("Organisations found:");
  await shot(page, testInfo, "operator-organisations");

  // Found by its MPN ID, opened from the list.
  await page.getByLabel("Name or MPN ID").fill(mpnId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${mpnId}`));
  await expect(page.getByRole("status")).toHaveText("Organisations found: 1");
  await page.getByRole("link", { name: company }).click();
  await expect(page.locator("#organisation-name")).toHaveText(company);
  await expect(page.locator("#dap-certification")).toHaveText("Not certified");
  await expect(page.getByRole("button", { name: "Certify for delegated administration" })).toHaveCount(0);

  // No program at all is refused next to the check boxes.
  await page.getByLabel("Indirect reseller").uncheck();
  await page.getByRole("button", { name: "Save programs" }).click();
  await expect(page.getByText("Choose at least one program.").first()).toBeVisible();
  await shot(page, testInfo, "operator-organisation-no-program");
  // Into the advisor program as well, then certified: with the date and who.
  await page.getByLabel("Indirect reseller").check();
  await page.getByLabel("Subscription advisor").check();
  await page.getByRole("button", { name: "Save programs" }).click();
  await expect(page.locator("#organisation-done")).toHaveText("The organisation's programs are saved.");
  await page.getByRole("button", { name: "Certify for delegated administration" }).click();
  await expect(page.locator("#organisation-done")).toContainText("certified for delegated administration");
  await expect(page.locator("#dap-certification")).toContainText("Certified on");

  // Suspended: a reason is required.
  await page.getByRole("button", { name: "Suspend organisation" }).click();
  await expect(page.getByText("Enter a value.").first()).toBeVisible();
  await page.getByLabel("Reason (kept in the audit log)").fill("Partner agreement under review");
  await page.getByRole("button", { name: "Suspend organisation" }).click();
  await expect(page.locator("#organisation-done")).toContainText("The organisation is suspended");
  await expect(page.locator("#organisation-status")).toContainText("Partner agreement under review");
  await shot(page, testInfo, "operator-organisation-suspended");

  // Its user cannot sign in, and is told why.
  const person = await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? undefined });
  const theirs = await person.newPage();
  await theirs.goto("/sign-in");
  await theirs.getByLabel("Email").fill(email);
  await theirs.getByLabel("Password").fill(password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs.getByText("Your organisation's access to PartnerDesk is suspended.")).toBeVisible();
  await shot(theirs, testInfo, "sign-in-suspended");

  // Reactivated: they sign in.
  await page.getByRole("button", { name: "Reactivate organisation" }).click();
  await expect(page.locator("#organisation-done")).toContainText("active again");
  await expect(page.locator("#organisation-status")).toHaveText("Active");
  // (A sign-in sent before the page's code arrived came back as a new page: type both again.)
  await theirs.getByLabel("Email").fill(email);
  await theirs.getByLabel("Password").fill(password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs).not.toHaveURL(/\/sign-in/);
  await expect(theirs.getByText(company).first()).toBeVisible();
  await person.close();

  // The filter finds suspended organisations only.
  await page.goto("/operator/organisations?status=suspended");
  await expect(page.getByRole("link", { name: company })).toHaveCount(0);
});
