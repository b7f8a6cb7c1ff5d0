// What other use cases may use of drift detection.
export { detectDrift } from './detect-drift.js';
