/** The value after a flag (`--book kop` → "kop"), or undefined when the flag is not there. */
export const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
