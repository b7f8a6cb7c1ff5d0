// What other use cases may use of the landing-page module.
export type { LandingPages } from './contract.js';
export { CHANGE_TTL_MS } from './decisions.js';
export { buildLandingPages } from './landing-pages.js';
export { rebaselineAfterOwnWrite } from './own-write.js';
