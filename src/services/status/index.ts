// What other use cases may use of status.
export { type HealthHistory, HISTORY_LINKS, healthHistory } from './health-history.js';
