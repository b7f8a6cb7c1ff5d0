/**
 * undici is the largest module the app loads (about 150 ms of a 900 ms start in the profile), and nothing
 * needs it before the first outbound call (Celigo or Slack): it is imported then, once per process.
 */
let undici: Promise<typeof import('undici')> | undefined;

export const loadUndici = (): Promise<typeof import('undici')> => {
  undici ??= import('undici');
  return undici;
};
