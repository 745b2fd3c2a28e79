import { APIRequestContext, expect, FrameLocator, Page, TestInfo } from "@playwright/test";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const PASSWORD = "partnerdesk-demo";

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, next = "/") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in when the page has left the sign-in form.
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Waits until the WebAssembly has hydrated the page (the app marks <body>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** Collects the names of the WebAssembly files the page asks for from now on. */
export function wasmRequests(page: Page): string[] {
  const names: string[] = [];
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname.split("/").pop() ?? "";
    if (name.endsWith(".wasm")) names.push(name);
  });
  return names;
}

/** Saves a full-page screenshot named after the test and the project (phone/desktop). */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({
    path: `screenshots/${testInfo.project.name}-${name}.png`,
    fullPage: true,
  });
}

/** Creates an offer as Contoso's advisor through the server functions; returns its paths. */
export async function createOffer(request: APIRequestContext, delegated: boolean) {
  const signIn = await request.post("/api/auth/sign-in", { form: { email: "advisor@contoso.example", password: PASSWORD } });
  expect(signIn.ok()).toBeTruthy();
  const start = await (await request.post("/api/offers/start", { form: {} })).json();
  const name = `Client test ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await request.post("/api/offers/create", {
    data: {
      form: {
        office_id: String(start.offices[0].id), usage_location: "NL", lines: [["M365-BUSINESS-BASIC", "25"], ["M365-BUSINESS-STANDARD", "10"]],
        delegated_admin: delegated, gdap_name: delegated ? name : "", gdap_roles: ["UserAdministrator", "LicenseAdministrator"],
        gdap_duration_days: "365", idempotency_key: "",
      },
    },
  });
  expect(created.ok()).toBeTruthy();
  const summary: string = await created.json();
  const detail = await (await request.post("/api/offers/get", { form: { summary_id: summary } })).json();
  return { summary, path: detail.url_path as string };
}

/** The folder the server writes email to (no SMTP_URL in the end-to-end run: scripts/e2e.sh sets MAIL_DIR). */
export const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "";

/** The path (`/invitation/…`, `/password/reset/…`, `/join/confirm/…`, `/register/confirm/…`, `/partnerships/…`) of the newest link to `kind` emailed to `email`. */
export async function emailedLink(
  email: string,
  kind: "invitation" | "password/reset" | "join/confirm" | "register/confirm" | "partnerships" | "offer",
  dir: string = MAIL_DIR,
): Promise<string> {
  let link = "";
  await expect
    .poll(
      () => {
        const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")) : [];
        const messages = files
          .map((f) => path.join(dir, f))
          .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
          .map((f) => fs.readFileSync(f, "utf8").replace(/=\r?\n/g, ""))
          .filter((m) => m.includes(`To: ${email}`));
        const found = messages.map((m) => m.match(new RegExp(`https?://[^\\s"<]+(/${kind}/[a-z0-9]+(?:/[a-z0-9]+)*)`))).find((m) => m);
        link = found ? found[1] : "";
        return link;
      },
      { timeout: 15_000 },
    )
    .not.toBe("");
  return link;
}

/** Invites a user to Tailspin as its Global admin and has them join with `password` (through the server functions and the emailed link). */
export async function invitedUser(request: APIRequestContext, name: string, email: string, password: string) {
  const signIn = await request.post("/api/auth/sign-in", { form: { email: "admin@tailspin.example", password: PASSWORD } });
  expect(signIn.ok()).toBeTruthy();
  expect((await request.post("/api/users/add", { form: { name, email, sales_agent: "on" } })).ok()).toBeTruthy();
  const token = (await emailedLink(email, "invitation")).split("/").pop()!;
  const joined = await request.post("/api/auth/accept-invitation", { form: { token, new_password: password, confirm_password: password } });
  expect(joined.ok()).toBeTruthy();
  await request.post("/api/auth/sign-out");
}

/** The code an authenticator app shows for `secret` (Base32, spaces allowed) `offsetSeconds` from now (RFC 6238: HMAC-SHA-1, 30-second steps, six digits). */
export function totp(secret: string, offsetSeconds = 0): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) key.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor((Date.now() / 1000 + offsetSeconds) / 30)));
  const mac = crypto.createHmac("sha1", Buffer.from(key)).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const value = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(value % 1_000_000).padStart(6, "0");
}

/** Microsoft 365 Business Premium × 15, 1 year billed monthly (€20.68 in NL). */
export const PREMIUM_MONTHLY = { lines: [["M365-BUSINESS-PREMIUM", "15"]], plans: [["M365-BUSINESS-PREMIUM", "P1Y-monthly"]] };

/** As the signed-in provider (through its page's session): a customer in NL named `company`
 * with `order`'s lines (and plans), sold through `resellerId` (its reseller of record) or
 * directly (`null`). */
export async function createCustomer(
  page: Page,
  company: string,
  domain: string,
  resellerId: number | null,
  order: { lines: (string | number)[][]; plans?: string[][] },
) {
  const created = await page.request.post("/api/customers/create", {
    data: {
      order: {
        reseller_id: resellerId,
        details: {
          company_name: company, domain_prefix: domain, address_line1: "Coolsingel 1", city: "Rotterdam", postal_code: "3011 AD",
          country: "NL", phone: "", registration_number: "", contact_first_name: "Lies", contact_last_name: "Jansen",
          contact_email: `lies@${domain}.example`, language: "en",
        },
        lines: order.lines,
        plans: order.plans,
        idempotency_key: domain,
      },
    },
  });
  expect(created.ok()).toBeTruthy();
}

/** A name no other run uses (domain prefixes are unique across the installation). */
export function unique(prefix: string) {
  return prefix + Math.random().toString(36).slice(2, 9);
}

/** The client's organisation on an offer's page (Wingtip Toys, in Amsterdam). */
export async function fillOrganisation(page: Page | FrameLocator, domain: string) {
  await page.getByLabel("Company name").fill("Wingtip Toys");
  await page.getByLabel("Domain prefix").fill(domain);
  await page.getByLabel("Address line 1").fill("Keizersgracht 1");
  await page.getByLabel("City").fill("Amsterdam");
  await page.getByLabel("Postal code").fill("1015 CJ");
  await page.getByLabel("First name").fill("Iris");
  await page.getByLabel("Last name").fill("Bakker");
  await page.getByLabel("Email").fill("iris@wingtip.example");
}
