import { APIRequestContext, expect, Page, TestInfo } from "@playwright/test";

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
