// What other use cases may use of the App Home.
export { homeRefreshes } from './home-refresh.js';
