import { expect, Page, test } from "@playwright/test";
import { Language, LANGUAGES, t } from "./catalog";
import { createOffer, PASSWORD, shot, waitForHydration } from "./helpers";

// Every string below comes from the app's own catalog (app/src/i18n.rs), looked up by key, so
// these tests check that each page is really in the chosen language — and they break if a
// translation goes missing.

const NETHERLANDS: Record<Language, string> = { en: "Netherlands", nl: "Nederland", fr: "Pays-Bas", "pt-BR": "Países Baixos" };
// The demo catalog's description of Microsoft 365 Business Basic (app/src/demo.rs).
const BASIC_DESCRIPTION: Record<Language, string> = {
  en: "Web and mobile apps, email and file storage",
  nl: "Web- en mobiele apps, e-mail en bestandsopslag",
  fr: "Applications web et mobiles, messagerie et stockage de fichiers",
  "pt-BR": "Aplicativos web e móveis, e-mail e armazenamento de arquivos",
};
const PREMIUM_DESCRIPTION: Record<Language, string> = {
  en: "Business Standard plus advanced security",
  nl: "Business Standard plus geavanceerde beveiliging",
  fr: "Business Standard avec une sécurité avancée",
  "pt-BR": "Business Standard com segurança avançada",
};

/** Chooses the language the way a returning user has: the cookie the switcher sets. */
async function useLanguage(page: Page, lang: Language) {
  const url = new URL(test.info().project.use.baseURL ?? process.env.BASE_URL ?? "http://127.0.0.1:3000");
  await page.context().addCookies([{ name: "lang", value: lang, domain: url.hostname, path: "/" }]);
}

async function signIn(page: Page, lang: Language, email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await page.getByLabel(t("Email", lang), { exact: true }).fill(email);
  await page.getByLabel(t("Password", lang), { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: t("SignIn", lang), exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Long French and Dutch words must not push the page sideways on a phone. */
async function fitsTheScreen(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(width);
}

for (const lang of LANGUAGES) {
  test.describe(`in ${lang}`, () => {
    test(`the Create purchase offer wizard speaks ${lang}`, async ({ page }, testInfo) => {
      await useLanguage(page, lang);
      await signIn(page, lang, "advisor@contoso.example", "/offers/new");
      await expect(page).toHaveURL(/\/offers\/new$/);
      // Server-rendered in the language (no flash of another one), then hydrated.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("CreateOfferTitle", lang));
      await waitForHydration(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("CreateOfferTitle", lang));
      await expect(page).toHaveTitle(new RegExp(t("CreateOfferTitle", lang).replace(/[()]/g, "\\$&")));

      await page.getByRole("button", { name: t("Next", lang), exact: true }).click();
      await expect(page.getByRole("alert").first()).toContainText(t("FixErrorsBelow", lang));
      await expect(page.getByText(t("ErrOffice", lang))).toBeVisible();
      await expect(page.getByText(t("ErrNoSubscription", lang))).toBeVisible();
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-offer-errors`);

      await page.getByLabel(t("PartnerOffice", lang), { exact: true }).selectOption({ label: "Utrecht (Utrecht)" });
      await page.getByLabel(t("UsageLocation", lang), { exact: true }).fill("NL");
      await expect(page.locator("#usage-country-name")).toHaveText(NETHERLANDS[lang]);
      await page.getByRole("checkbox", { name: /Microsoft 365 Business Basic/ }).check();
      // The catalog's descriptions are in the page's language too.
      await expect(page.getByText(BASIC_DESCRIPTION[lang], { exact: true })).toBeVisible();
      const count = page.getByRole("spinbutton", { name: t("LicenseCount", lang), exact: true });
      await count.fill("301");
      await page.getByRole("button", { name: t("Next", lang), exact: true }).click();
      await expect(page.getByText(t("ErrLicenseRange", lang, { min: "1", max: "300" }))).toBeVisible();
      await count.fill("25");
      // Fixed fields lose their messages as they are fixed, before Next.
      await expect(page.getByText(t("ErrLicenseRange", lang, { min: "1", max: "300" }))).toHaveCount(0);
      await expect(page.getByText(t("ErrOffice", lang))).toHaveCount(0);
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-offer-wizard`);
      await page.getByRole("button", { name: t("Next", lang), exact: true }).click();

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("SendTitle", lang));
      await expect(page.locator("#summary-id")).toHaveText(/^PO-/);
      // The message for the client starts in the advisor's language.
      await expect(page.locator("#message-language")).toHaveValue(lang);
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-offer-send`);
    });

    test(`the New customer wizard speaks ${lang}`, async ({ page }, testInfo) => {
      await useLanguage(page, lang);
      await signIn(page, lang, "agent@northwind.example", "/customers/new");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("NewCustomer", lang));
      await waitForHydration(page);
      await page.getByLabel(t("ResellerName", lang), { exact: true }).selectOption({ label: "Adatum Resellers (3000001)" });

      await page.getByRole("button", { name: t("NextSubscriptions", lang), exact: true }).click();
      await expect(page.getByRole("alert").first()).toContainText(t("FixErrorsBelow", lang));
      const domain = "lang" + lang.replace("-", "").toLowerCase() + testInfo.project.name + Math.random().toString(36).slice(2, 8);
      await page.getByLabel(t("CompanyName", lang), { exact: true }).fill(`Fietsen ${lang} ${testInfo.project.name}`);
      await page.getByLabel(t("DomainPrefix", lang), { exact: true }).fill(domain);
      await page.getByLabel(t("AddressLine1", lang), { exact: true }).fill("Coolsingel 40");
      await page.getByLabel(t("City", lang), { exact: true }).fill("Rotterdam");
      await page.getByLabel(t("PostalCode", lang), { exact: true }).fill("3011 AD");
      await page.getByLabel(t("Country", lang), { exact: true }).fill("NL");
      await expect(page.locator("#c-country-name")).toHaveText(NETHERLANDS[lang]);
      await page.getByLabel(t("FirstName", lang), { exact: true }).fill("Sanne");
      await page.getByLabel(t("LastName", lang), { exact: true }).fill("de Boer");
      await page.getByLabel(t("Email", lang), { exact: true }).fill("sanne@example.com");
      // Every field is filled in: no message is left from the first Next.
      await expect(page.locator(".field-error")).toHaveCount(0);
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-customer-details`);
      await page.getByRole("button", { name: t("NextSubscriptions", lang), exact: true }).click();

      await page.getByRole("button", { name: t("NextReview", lang), exact: true }).click();
      await expect(page.getByText(t("ErrNoSubscription", lang))).toBeVisible();
      await expect(page.getByText(PREMIUM_DESCRIPTION[lang], { exact: true })).toBeVisible();
      await page.getByRole("checkbox", { name: /Microsoft 365 Business Premium/ }).check();
      await page.getByRole("spinbutton", { name: t("LicenseCount", lang), exact: true }).fill("12");
      await page.getByRole("button", { name: t("NextReview", lang), exact: true }).click();
      await expect(page.getByText("Microsoft 365 Business Premium × 12")).toBeVisible();
      // The review names the country in the page's language.
      await expect(page.getByText(`Coolsingel 40, 3011 AD Rotterdam, ${NETHERLANDS[lang]}`)).toBeVisible();
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-customer-review`);
      await page.getByRole("button", { name: t("Submit", lang), exact: true }).click();

      await expect(page.getByRole("heading", { name: t("SetupInfo", lang), exact: true })).toBeVisible();
      await expect(page.locator("#admin-user")).toHaveText(`admin@${domain}.onmicrosoft.com`);
      await fitsTheScreen(page);
      await shot(page, testInfo, `lang-${lang}-customer-setup-info`);
    });
  });
}

test("the language comes from the browser, then from the switcher, which is remembered", async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const context = await browser.newContext({ baseURL, locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5" } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("SignInTitle", "fr"));
  await waitForHydration(page);

  await page.locator("#language-select").selectOption("nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("SignInTitle", "nl"));
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  // The choice wins over the browser's language on the next visit.
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === "lang")?.value).toBe("nl");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("SignInTitle", "nl"));
  await context.close();

  // A browser asking for a language PartnerDesk does not have gets English.
  const other = await browser.newContext({ baseURL, extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
  const german = await other.newPage();
  await german.goto("/sign-in");
  await expect(german.locator("html")).toHaveAttribute("lang", "en");
  await expect(german.getByRole("heading", { level: 1 })).toHaveText(t("SignInTitle", "en"));
  await other.close();
});

test("the client's offer page follows the browser's language, with a switcher", async ({ browser, playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const api = await playwright.request.newContext({ baseURL });
  const { path } = await createOffer(api, true);
  await api.dispose();
  const next: Record<Language, Language> = { en: "nl", nl: "fr", fr: "pt-BR", "pt-BR": "en" };
  for (const lang of LANGUAGES) {
    // The client has no account: the page speaks the browser's language. Two visitors in a row
    // (the second gets the page the server kept) both get their own language.
    const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
    const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL, locale: lang, extraHTTPHeaders: { "Accept-Language": `${lang},en;q=0.5` } });
    const page = await context.newPage();
    for (const visit of [1, 2]) {
      await page.goto(path);
      await expect(page.locator("html"), `visit ${visit}`).toHaveAttribute("lang", lang);
      await expect(page.getByText(t("BilledDirectly", lang), { exact: true })).toBeVisible();
      await expect(page.getByText(BASIC_DESCRIPTION[lang], { exact: true })).toBeVisible();
      await expect(page.getByRole("spinbutton", { name: t("LicenseCount", lang), exact: true })).toHaveCount(2);
    }
    await waitForHydration(page);
    await fitsTheScreen(page);
    await shot(page, testInfo, `lang-${lang}-client-offer`);
    // The switcher changes the page at once, descriptions included.
    const other = next[lang];
    await page.locator("#language-select").selectOption(other);
    await expect(page.locator("html")).toHaveAttribute("lang", other);
    await expect(page.getByText(t("BilledDirectly", other), { exact: true })).toBeVisible();
    await expect(page.getByText(BASIC_DESCRIPTION[other], { exact: true })).toBeVisible();
    await context.close();
  }
});
