import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The four languages, by the tag PartnerDesk uses in `<html lang>` and in its `lang` cookie. */
export const LANGUAGES = ["en", "nl", "fr", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

type Entry = Record<Language, string>;

/**
 * The translation catalog, read from the one place it lives (`domain/src/i18n/texts.rs`), so the
 * end-to-end tests look for exactly what the app shows, in every language, without a copy.
 */
function load(): Map<string, Entry> {
  const source = readFileSync(join(__dirname, "..", "..", "domain", "src", "i18n", "texts.rs"), "utf8");
  const body = source.slice(source.indexOf("catalog! {"));
  const str = String.raw`"((?:[^"\\]|\\.)*)"`;
  const line = new RegExp(String.raw`^\s*(\w+) \{ en: ${str}, nl: ${str}, fr: ${str}, pt: ${str} \}`, "gm");
  // Rust string escapes: \n, \", \', \\ and \u{…}.
  const unescape = (s: string) =>
    s.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, e: string, hex?: string) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e);
  const entries = new Map<string, Entry>();
  for (const m of body.matchAll(line)) {
    entries.set(m[1], { en: unescape(m[2]), nl: unescape(m[3]), fr: unescape(m[4]), "pt-BR": unescape(m[5]) });
  }
  if (entries.size < 100) throw new Error(`read only ${entries.size} catalog keys from domain/src/i18n/texts.rs`);
  return entries;
}

const catalog = load();

/** The text of `key` in `lang`, with `{name}` placeholders filled. */
export function t(key: string, lang: Language, values: Record<string, string> = {}): string {
  const entry = catalog.get(key);
  if (!entry) throw new Error(`no catalog key ${key}`);
  let text = entry[lang];
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(value);
  return text;
}
