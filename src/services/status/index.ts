// What other use cases may use of status.
export { type HealthHistory, healthHistory } from './health-history.js';
