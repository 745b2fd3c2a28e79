import { expect, test } from "@playwright/test";
import { emailedLink, shot, signIn, waitForHydration, wasmRequests } from "./helpers";

const MENUS: Record<string, string[]> = {
  "advisor@contoso.example": ["Renewals", "GDAP", "Trials and purchase offers", "Create offer", "Partner offices", "Website embedding", "My account"],
  "admin@contoso.example": ["Renewals", "GDAP", "Trials and purchase offers", "Create offer", "Partner offices", "Website embedding", "Offer prices", "Users", "Notifications", "Audit log", "API keys", "Webhooks", "My account"],
  "advisor@fabrikam.example": ["Renewals", "GDAP", "Trials and purchase offers", "Create offer", "Partner offices", "Website embedding", "My account"],
  "admin@northwind.example": ["Customers", "Renewals", "GDAP", "Indirect resellers", "Partner offices", "Provider profile", "Users", "Notifications", "Audit log", "API keys", "Webhooks", "My account"],
  "users@northwind.example": ["Customers", "Renewals", "GDAP", "Indirect resellers", "Provider profile", "Users", "My account"],
  "agent@northwind.example": ["Customers", "Renewals", "GDAP", "Indirect resellers", "Provider profile", "My account"],
  "sales@northwind.example": ["Customers", "Renewals", "GDAP", "Indirect resellers", "Provider profile", "My account"],
  "admin@tailspin.example": ["Customers", "Renewals", "GDAP", "Indirect resellers", "Partner offices", "Provider profile", "Users", "Notifications", "Audit log", "API keys", "Webhooks", "My account"],
  "admin@adatum.example": ["Customers", "Indirect providers", "Find a provider", "Trials and purchase offers", "Create offer", "Partner offices", "Website embedding", "Users", "Notifications", "Audit log", "API keys", "Webhooks", "My account"],
  "agent@litware.example": ["Customers", "Indirect providers", "Find a provider", "Trials and purchase offers", "Create offer", "Website embedding", "My account"],
  "admin@proseware.example": ["Customers", "Indirect providers", "Find a provider", "Trials and purchase offers", "Create offer", "Partner offices", "Website embedding", "Users", "Notifications", "Audit log", "API keys", "Webhooks", "My account"],
  "operator@partnerdesk.example": ["Join requests", "Organisations", "Price lists", "Profile changes", "MPN ID disputes", "Email log", "My account"],
};

test("every demo user sees exactly the menu their roles and organisation allow", async ({ browser, baseURL }, testInfo) => {
  for (const [email, expected] of Object.entries(MENUS)) {
    const context = await browser.newContext({ baseURL, viewport: testInfo.project.name === "phone" ? { width: 375, height: 740 } : { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Welcome/);
    await expect(page.locator("ul.tasks a")).toHaveText(expected);
    if (testInfo.project.name === "phone") {
      await page.getByText("Menu", { exact: true }).click();
      await expect(page.locator("details.menu-toggle a")).toHaveText(expected);
    } else {
      await expect(page.locator("ul.wide-menu a")).toHaveText(expected);
    }
    if (email === "admin@northwind.example" || email === "agent@litware.example") {
      await shot(page, testInfo, `menu-${email.split("@")[0]}-${email.split("@")[1].split(".")[0]}`);
    }
    await context.close();
  }
});

test("a Global admin's header is one row, the settings pages under a Settings menu that works with the keyboard", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "the phone's header has its own Menu, which lists every page");
  await signIn(page, "admin@contoso.example");
  const header = page.locator("header.site-header");
  const box = await header.boundingBox();
  // One row: the brand's line, not three; who is signed in is on Sign out's tooltip.
  expect(box!.height).toBeLessThan(80);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveAttribute("title", /^Signed in as /);
  // In Dutch too, whose menu's words are longer.
  await page.getByLabel("Language").selectOption("nl");
  await expect(page.locator("li.settings-menu summary")).toHaveText("Instellingen");
  expect((await header.boundingBox())!.height).toBeLessThan(80);
  await page.getByLabel("Taal").selectOption("en");
  const settings = page.locator("li.settings-menu summary");
  await expect(settings).toHaveText("Settings");
  await expect(page.locator("ul.wide-menu").getByRole("link", { name: "Users" })).toBeHidden();
  await settings.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("ul.wide-menu").getByRole("link", { name: "Users" })).toBeVisible();
  await shot(page, testInfo, "settings-menu");
  await page.keyboard.press("Tab");
  await expect(page.locator("ul.wide-menu").getByRole("link", { name: "Partner offices" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/locations$/);
  // On a settings page the menu says where you are.
  await expect(page.locator("li.settings-menu a[aria-current=page]")).toHaveText("Partner offices");
});

test("a Global admin invites a user who joins with their own password from the emailed link", async ({ page, browser, baseURL }, testInfo) => {
  const email = `kim.${testInfo.project.name}@tailspin.example`;
  await signIn(page, "admin@tailspin.example", "/");
  const wasm = wasmRequests(page);
  await page.goto("/settings/users");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  // The Global admin's Settings pages load their own islands build, not the lists' or a wizard's.
  expect(wasm).toEqual(["admin-pages.wasm"]);
  const form = page.locator("form", { has: page.getByRole("button", { name: "Add user" }) });
  await form.getByLabel("Name", { exact: true }).fill("Kim Lee");
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("Choose at least one role.")).toBeVisible();
  await form.getByLabel("Sales agent").check();
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator("#link-sent")).toHaveText(`Invitation sent to ${email}. The link works for 7 days.`);
  // The form is empty again for the next person.
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("");
  await expect(form.getByLabel("Email")).toHaveValue("");
  await expect(form.getByLabel("Sales agent")).not.toBeChecked();
  const card = page.locator("li.user", { hasText: email });
  await expect(card).toContainText("Invited, not joined yet");
  await expect(card.getByRole("button", { name: "Resend invitation" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Revoke invitation" })).toBeVisible();
  await shot(page, testInfo, "users");

  // Removing one's own last admin role is refused with a reason.
  const me = page.locator("li.user", { hasText: "admin@tailspin.example" });
  await me.getByText("Change roles").click();
  await me.getByLabel("Global admin").uncheck();
  await me.getByLabel("Sales agent").check();
  await me.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("cannot remove your own last admin role");

  // Kim opens the link, chooses a password and is signed in.
  const link = await emailedLink(email, "invitation");
  const other = await browser.newContext({ baseURL });
  const kim = await other.newPage();
  await kim.goto(link);
  await expect(kim.getByRole("heading", { level: 1 })).toHaveText("Join Tailspin Cloud Supply on PartnerDesk");
  await expect(kim.getByText(`You were invited as ${email}`)).toBeVisible();
  await shot(kim, testInfo, "invitation");
  const chosen = "kim's very own passphrase";
  await kim.getByLabel("New password", { exact: true }).fill(chosen);
  await kim.getByLabel("New password again").fill(chosen);
  await kim.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(kim.getByRole("heading", { level: 1 })).toHaveText("Welcome, Kim Lee");
  await other.close();

  // The admin's list says Kim joined.
  await page.reload();
  await expect(page.locator("li.user", { hasText: email })).toContainText("Active");
  await expect(page.locator("li.user", { hasText: email }).getByRole("button", { name: "Send password reset link" })).toBeAttached();
});

test("a User management admin cannot touch a Global admin or give roles they do not hold", async ({ page }, testInfo) => {
  await signIn(page, "users@northwind.example", "/settings/users");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  // The Global admin's row says why it has no forms.
  const global = page.locator("li.user", { hasText: "admin@northwind.example" });
  await expect(global.getByText("Only a Global admin can add a Global admin")).toBeVisible();
  await expect(global.getByText("Change roles")).toBeHidden();
  await expect(global.getByRole("button", { name: "Send password reset link" })).toBeHidden();
  // Add user offers only the roles they hold.
  const form = page.locator("form", { has: page.getByRole("button", { name: "Add user" }) });
  await expect(form.getByLabel("Global admin")).toBeDisabled();
  await expect(form.getByLabel("Sales agent")).toBeDisabled();
  await expect(form.getByLabel("User management admin")).toBeEnabled();
  // Another user's roles: the ones they cannot give cannot be changed, and are kept on Save.
  const sales = page.locator("li.user", { hasText: "sales@northwind.example" });
  await sales.getByText("Change roles").click();
  await expect(sales.getByLabel("Sales agent")).toBeDisabled();
  await expect(sales.getByLabel("Sales agent")).toBeChecked();
  await shot(page, testInfo, "users-user-management-admin");
  await sales.getByLabel("User management admin").check();
  await sales.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("li.user", { hasText: "sales@northwind.example" })).toContainText("User management admin, Sales agent");
  // The demo user's roles as they were: the other tests (and the other project's run of the
  // menu test) read them.
  const changed = page.locator("li.user", { hasText: "sales@northwind.example" });
  await changed.getByText("Change roles").click();
  await changed.getByLabel("User management admin").uncheck();
  await changed.getByRole("button", { name: "Save" }).click();
  // The card's third line lists the roles.
  await expect(page.locator("li.user", { hasText: "sales@northwind.example" }).locator(":scope > span").nth(1)).toHaveText("Sales agent");
});

test("the Global admin reads and filters the audit log, and exports it", async ({ page }, testInfo) => {
  await signIn(page, "admin@northwind.example", "/settings/audit-log?action=partnership");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
  const rows = page.locator("table.audit tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const action of await rows.locator("code").allTextContents()) expect(action).toMatch(/^partnership/);
  await expect(page.getByRole("link", { name: "Export as CSV" })).toHaveAttribute("href", /\/settings\/audit-log\.csv\?.*action=partnership/);
  const csv = await page.request.get("/settings/audit-log.csv?action=partnership");
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect((await csv.text()).split("\r\n")[0]).toBe("time_utc,user,action,record_type,record_id,summary,ip");
  await shot(page, testInfo, "audit-log");
});
