// Progressive enhancement: the pages work without JavaScript; this adds GOV.UK components'
// behaviour (menus, password reveal, details polyfills) where the browser supports modules.
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();
