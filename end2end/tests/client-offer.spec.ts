import { expect, test } from "@playwright/test";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { createOffer, fillOrganisation, PASSWORD, shot, signIn, unique, waitForHydration } from "./helpers";


test("a client changes counts, accepts with delegated administration, and the advisor sees it", async ({ page, playwright, baseURL }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, true);
  await page.goto(path);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contoso Advisors");
  await expect(page.getByText("You are billed directly by the cloud provider")).toBeVisible();
  await expect(page.getByText("for 1 year(s), with these roles only")).toBeVisible();
  // Each role says what it lets the partner do, and why this offer asks for it.
  const license = page.locator(".gdap-roles li[data-role='license_administrator']");
  await expect(license).toContainText("assign and remove licenses for the organisation's users");
  await expect(license).toContainText("Why: to assign the licenses you buy to your users");
  await expect(page.locator(".gdap-roles li[data-role='user_administrator']")).toContainText("Why: beyond what this offer sells");
  // Each line's term, billing plan and price, and the totals per billing frequency.
  await expect(page.locator("[data-price-for='M365-BUSINESS-BASIC']")).toHaveText("25 × €5.64 = €141.00 a month");
  await expect(page.locator(".offer-totals")).toContainText("Billed monthly: €258.50");
  await shot(page, testInfo, "client-offer");
  // The narrowest phones (320 px) get the whole page without sideways scrolling.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  if (testInfo.project.name === "phone") await shot(page, testInfo, "client-offer-320");
  await page.setViewportSize(size);

  // Validation as they type.
  const count = page.getByRole("spinbutton", { name: "License count" }).first();
  await count.fill("301");
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();
  await count.fill("30");
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toHaveCount(0);
  // The prices follow the count typed.
  await expect(page.locator("[data-price-for='M365-BUSINESS-BASIC']")).toHaveText("30 × €5.64 = €169.20 a month");
  await expect(page.locator(".offer-totals")).toContainText("Billed monthly: €286.70");
  await page.getByLabel("Domain prefix").fill("wing-tip");
  await expect(page.getByText("Use letters and digits only")).toBeVisible();
  const domain = unique("wingtip");
  await fillOrganisation(page, domain);
  await expect(page.getByText("This domain prefix is available.")).toBeVisible();
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByText("Choose whether you accept with or without delegated administration.")).toBeVisible();
  await page.getByLabel("Accept with delegated administration").check();
  await shot(page, testInfo, "client-offer-filled");
  await page.getByRole("button", { name: "Accept", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
  await expect(page.getByText("Microsoft 365 Business Basic × 30")).toBeVisible();
  await expect(page.getByText("You accepted delegated administration")).toBeVisible();
  await expect(page.getByText(`${domain}.onmicrosoft.com`)).toBeVisible();
  await shot(page, testInfo, "client-accepted");

  const advisor = await page.context().browser()!.newContext({ baseURL, viewport: page.viewportSize() });
  const advisorPage = await advisor.newPage();
  await signIn(advisorPage, "advisor@contoso.example", `/offers/${summary}`);
  const card = advisorPage.locator(".acceptances .card", { hasText: domain });
  await expect(card).toContainText("Microsoft 365 Business Basic × 30; Microsoft 365 Business Standard × 10");
  await expect(card).toContainText("Delegated administration accepted");
  await shot(advisorPage, testInfo, "offer-acceptances");
  await advisor.close();
  await api.dispose();
});

test("the offer page's module carries no catalog: its texts come with the page", async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { path } = await createOffer(api, false);
  await page.goto(path + "?lang=nl");
  await waitForHydration(page);
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute("href");
  expect(wasm).toMatch(/offer-form_bg\.wasm$/);
  const module = (await (await api.get(wasm!)).body()).toString("latin1");
  // Neither a staff page's text nor the form's own message in Dutch is in the module.
  const bytes = (text: string) => Buffer.from(text, "utf8").toString("latin1");
  expect(module.includes(bytes("Partnercentrum-menu"))).toBe(false);
  expect(module.includes(bytes("Vul een geheel getal in van"))).toBe(false);
  // The page brings the form's texts in its language, and the module shows them.
  expect(await page.locator("#offer-data").textContent()).toContain("Vul een geheel getal in van {min} tot {max}.");
  await page.getByRole("spinbutton", { name: "Aantal licenties" }).first().fill("0");
  await expect(page.getByText("Vul een geheel getal in van 1 tot 300.")).toBeVisible();
  await api.dispose();
});

test("pressing Accept twice creates one acceptance", async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, false);
  await page.goto(path);
  await waitForHydration(page);
  await fillOrganisation(page, unique("twice"));
  await page.getByRole("button", { name: "Accept", exact: true }).dblclick();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
  const detail = await (await api.post("/api/offers/get", { form: { summary_id: summary } })).json();
  expect(detail.row.acceptances).toBe(1);
  await api.dispose();
});

test("what a client types before the page's code arrives is kept and sent", async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, false);
  // A slow connection: the WebAssembly arrives only after the client has filled the form in.
  let release: () => void = () => {};
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await arrived;
    await route.continue();
  });
  await page.goto(path);
  await fillOrganisation(page, unique("early"));
  await page.getByRole("spinbutton", { name: "License count" }).first().fill("7");
  expect(await page.evaluate(() => document.body.hasAttribute("data-hydrated"))).toBe(false);
  release();
  await waitForHydration(page);
  await expect(page.getByLabel("Company name")).toHaveValue("Wingtip Toys");
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
  const detail = await (await api.post("/api/offers/get", { form: { summary_id: summary } })).json();
  expect(detail.row.acceptances).toBe(1);
  expect(detail.acceptances[0].company_name).toBe("Wingtip Toys");
  expect(detail.acceptances[0].lines[0]).toEqual(["Microsoft 365 Business Basic", 7]);
  // A client's offer page is a plain page: no service worker downloading the staff's app.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  await api.dispose();
});

test("what a client typed stays through a change of language and a lost connection", async ({ page, context, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, false);
  await page.goto(path);
  await waitForHydration(page);
  const domain = unique("kept");
  await fillOrganisation(page, domain);
  await page.getByRole("spinbutton", { name: "License count" }).first().fill("301");
  await expect(page.getByText("Enter a whole number from 1 to 300.")).toBeVisible();

  // The page comes back in Dutch with everything typed, and the same problem shown in Dutch.
  await page.locator("#language-select").selectOption("nl");
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await waitForHydration(page);
  await expect(page.getByLabel("Bedrijfsnaam")).toHaveValue("Wingtip Toys");
  await expect(page.getByLabel("Domeinvoorvoegsel")).toHaveValue(domain);
  await expect(page.getByRole("spinbutton", { name: "Aantal licenties" }).first()).toHaveValue("301");
  await expect(page.getByText("Vul een geheel getal in van 1 tot 300.")).toBeVisible();
  await page.getByRole("spinbutton", { name: "Aantal licenties" }).first().fill("20");

  // No connection: nothing is lost, and Accept works again once it is back.
  await context.setOffline(true);
  await page.getByRole("button", { name: "Accepteren", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Er is niets verzonden" })).toBeVisible();
  await expect(page.getByLabel("Bedrijfsnaam")).toHaveValue("Wingtip Toys");
  await context.setOffline(false);
  await page.getByRole("button", { name: "Accepteren", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aankoopaanbieding geaccepteerd");
  const detail = await (await api.post("/api/offers/get", { form: { summary_id: summary } })).json();
  expect(detail.row.acceptances).toBe(1);
  expect(detail.acceptances[0].domain_prefix).toBe(domain);
  expect(detail.acceptances[0].lines[0]).toEqual(["Microsoft 365 Business Basic", 20]);
  await api.dispose();
});

test("a client accepts with JavaScript turned off", async ({ browser, playwright, baseURL }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, true);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: testInfo.project.name === "phone" ? { width: 375, height: 740 } : { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole("spinbutton", { name: "License count" }).first().fill("12");
  await page.getByLabel("Domain prefix").fill("not valid!");
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  // The server's reasons, next to each field, with what was typed kept.
  await expect(page).toHaveURL(/\?attempt=/);
  await expect(page.getByText("Use letters and digits only")).toBeVisible();
  await expect(page.getByText("Choose whether you accept with or without delegated administration.")).toBeVisible();
  await expect(page.getByLabel("Domain prefix")).toHaveValue("not valid!");
  await expect(page.getByRole("spinbutton", { name: "License count" }).first()).toHaveValue("12");
  await shot(page, testInfo, "client-offer-nojs-errors");
  const domain = unique("nojs");
  await fillOrganisation(page, domain);
  await page.getByLabel("Accept without delegated administration").check();
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
  await expect(page.getByText("Microsoft 365 Business Basic × 12")).toBeVisible();
  const detail = await (await api.post("/api/offers/get", { form: { summary_id: summary } })).json();
  expect(detail.acceptances[0].domain_prefix).toBe(domain);
  expect(detail.acceptances[0].delegated_admin).toBe(false);
  await context.close();
  await api.dispose();
});

test("a client declines with a reason, another asks a question without JavaScript, and the advisor sees both", async ({ page, browser, playwright, baseURL }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL });
  const { summary, path } = await createOffer(api, false);
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Not ready to accept?" })).toBeVisible();
  await page.getByRole("link", { name: "Decline this offer" }).click();
  await expect(page).toHaveURL(/\/reply\?kind=decline$/);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText("Decline this offer");
  await page.getByLabel("Why you decline").fill("We chose a yearly plan elsewhere.");
  await shot(page, testInfo, "client-decline");
  await page.getByRole("button", { name: "Decline offer" }).click();
  await expect(page.locator("#reply-sent")).toHaveText("You declined this offer. Contoso Advisors has been told.");
  await shot(page, testInfo, "client-declined");
  await page.getByRole("link", { name: "Back to the offer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contoso Advisors");

  // Without JavaScript: the browser checks the required fields, the server the rest.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: page.viewportSize()! });
  const plain = await context.newPage();
  await plain.goto(path);
  await plain.getByRole("link", { name: "Ask a question or request changes" }).click();
  await plain.getByRole("button", { name: "Send question" }).click();
  await expect(plain).toHaveURL(/kind=question$/); // nothing sent: the question is required
  await plain.getByLabel("Your name").fill("Ana Silva");
  await plain.getByLabel("Your email address").fill("ana@fabrikam.example");
  await plain.getByLabel("Your question or the changes you would like").fill("Could the offer start with 10 licenses?");
  await shot(plain, testInfo, "client-question");
  await plain.getByRole("button", { name: "Send question" }).click();
  await expect(plain.getByText("Your question was sent to Contoso Advisors.")).toBeVisible();
  await context.close();

  const advisor = await browser.newContext({ baseURL, viewport: page.viewportSize()! });
  const advisorPage = await advisor.newPage();
  await signIn(advisorPage, "advisor@contoso.example", `/offers/${summary}`);
  const replies = advisorPage.locator(".replies .card");
  await expect(replies).toHaveCount(2);
  await expect(replies.nth(0)).toContainText("Question");
  await expect(replies.nth(0)).toContainText("Could the offer start with 10 licenses?");
  await expect(replies.nth(0).getByRole("link", { name: "ana@fabrikam.example" })).toHaveAttribute("href", "mailto:ana@fabrikam.example");
  await expect(replies.nth(1)).toContainText("Declined");
  await expect(replies.nth(1)).toContainText("We chose a yearly plan elsewhere.");
  await advisorPage.locator("#replies").scrollIntoViewIfNeeded();
  await shot(advisorPage, testInfo, "offer-replies");
  await advisor.close();
  await api.dispose();
});

test("an unknown offer gets a clear page", async ({ page }) => {
  const response = await page.goto("/offer/contoso/thereisnosuchofferthereisnosuchof");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offer not found");
});

test.describe("embedded in a partner's website", () => {
  let server: http.Server;
  let partnerOrigin = "";
  let pages: Record<string, string> = {};

  test.beforeAll(async () => {
    server = http.createServer((req, res) => {
      const body = pages[req.url ?? "/"];
      res.writeHead(body ? 200 : 404, { "content-type": "text/html" });
      res.end(body ?? "not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    partnerOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test("the offer resizes and accepts inside the frame; other pages refuse to be framed", async ({ page, playwright, baseURL }, testInfo) => {
    const api = await playwright.request.newContext({ baseURL });
    const { summary } = await createOffer(api, false);

    // The advisor lists the partner website and copies the snippet from the Send page.
    const advisor = await page.context().browser()!.newContext({ baseURL, viewport: page.viewportSize() });
    const advisorPage = await advisor.newPage();
    await signIn(advisorPage, "advisor@contoso.example", "/settings/embedding");
    await waitForHydration(advisorPage);
    await advisorPage.getByLabel("Websites allowed to show your offers").fill(`https://www.contoso.example\n${partnerOrigin}`);
    await advisorPage.getByRole("button", { name: "Save" }).click();
    await expect(advisorPage.getByRole("status")).toContainText("Saved");
    await advisorPage.goto(`/offers/${summary}`);
    const snippet = await advisorPage.getByLabel("Embed snippet").inputValue();
    expect(snippet).toContain("/embed/offer/contoso/");
    await advisor.close();

    pages = {
      "/": `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Contoso</title></head><body style="margin:0"><h1>Contoso — our offer</h1>${snippet}<p id="after">After the frame</p></body></html>`,
      "/framed-sign-in": `<!doctype html><html><body><iframe id="blocked" src="${baseURL}/sign-in" style="width:100%;height:300px"></iframe></body></html>`,
    };
    await page.goto(partnerOrigin + "/");
    const frameElement = page.locator("iframe[data-partnerdesk-offer]");
    const frame = page.frameLocator("iframe[data-partnerdesk-offer]");
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Contoso Advisors");
    // The frame grows to its content (the snippet starts it at 480 px).
    await expect.poll(async () => (await frameElement.boundingBox())?.height ?? 0).toBeGreaterThan(900);
    await shot(page, testInfo, "embedded-offer");
    await expect(frame.locator("header.site-header")).toHaveCount(0);
    await expect(frame.getByRole("combobox", { name: "Language", exact: true })).toBeVisible();
    await fillOrganisation(frame, unique("framed"));
    await frame.getByRole("button", { name: "Accept", exact: true }).click();
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Purchase offer accepted");
    const detail = await (await api.post("/api/offers/get", { form: { summary_id: summary } })).json();
    expect(detail.row.acceptances).toBe(1);

    // A page not meant to be framed is refused by the browser.
    await page.goto(partnerOrigin + "/framed-sign-in");
    await page.waitForTimeout(1500);
    await expect(page.frameLocator("#blocked").getByText("Sign in to PartnerDesk")).toHaveCount(0);
    await api.dispose();
  });
});
