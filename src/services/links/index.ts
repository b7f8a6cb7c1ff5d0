// What other use cases may use of links (the contract holds the interfaces).
export { closeLink } from './close-link.js';
