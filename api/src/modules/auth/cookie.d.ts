/** Minimal typing of `cookie` 0.7 (it ships none; @types/cookie is not installed): only `parse` is used. */
declare module 'cookie' {
  export function parse(header: string): Record<string, string | undefined>;
}
