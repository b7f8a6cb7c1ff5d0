/** Every callback_id, action_id and block_id. Defined in src/blocks/ids.ts (shared with the outbound worker). */
export { ACTIONS, BLOCKS, MAX_CUSTOMER_LABEL, VIEWS } from '../blocks/ids.js';
