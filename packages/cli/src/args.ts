/** The value after a flag (`--book kop` → "kop"), or undefined when the flag is not there. */
export const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

/** What is wrong with a command line, in both languages; the command exits with code 2. */
export interface UsageProblem {
  readonly message: string;
  readonly messageEn: string;
}

export const usageProblem = (message: string, messageEn: string): { readonly ok: false } & UsageProblem => ({
  ok: false,
  message,
  messageEn,
});

/** A command line's flags: `--name value` pairs and bare switches (`--json`). */
export interface Flags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

/**
 * Reads `--flag value` pairs and switches, every one of which the command must know (`--lang` is
 * known to all). A flag the command does not have, a value with no flag before it, a flag without its
 * value, and a flag given twice are usage problems, named in the message. `what` names the command
 * in the message (`report posisi`).
 */
export const readFlags = (
  what: string,
  args: ReadonlyArray<string>,
  values: ReadonlyArray<string>,
  switches: ReadonlyArray<string> = [],
): ({ readonly ok: true } & Flags) | ({ readonly ok: false } & UsageProblem) => {
  const read = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--"))
      return usageProblem(
        `tidak dapat membaca ${arg} (setiap nilai didahului --flag)`,
        `cannot read ${arg} (every value follows a --flag)`,
      );
    const name = arg.slice(2);
    if (read.has(name) || set.has(name)) return usageProblem(`--${name} diberikan dua kali`, `--${name} is given twice`);
    if (switches.includes(name)) {
      set.add(name);
      continue;
    }
    if (name !== "lang" && !values.includes(name)) return usageProblem(`${what} tidak mengenal --${name}`, `${what} has no flag --${name}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) return usageProblem(`--${name} tanpa nilai`, `--${name} has no value`);
    read.set(name, value);
    i += 1;
  }
  const lang = read.get("lang");
  if (lang !== undefined && lang !== "id" && lang !== "en")
    return usageProblem(`--lang adalah id atau en: ${lang}`, `--lang is id or en: ${lang}`);
  return { ok: true, values: read, switches: set };
};

/** The names of the flags that choose the store, which every command on a book takes. */
export const STORE_FLAGS: ReadonlyArray<string> = ["book", "folder", "database-url"];
