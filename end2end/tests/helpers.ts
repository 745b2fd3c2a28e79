import { expect, Page, TestInfo } from "@playwright/test";

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

/** Saves a full-page screenshot named after the test and the project (phone/desktop). */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({
    path: `screenshots/${testInfo.project.name}-${name}.png`,
    fullPage: true,
  });
}
