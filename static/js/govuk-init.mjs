// GOV.UK Frontend's components (the service navigation's menu button, the
// error summary's focus, tabs, details) start from this file, not inline.
import { initAll } from "../govuk/6.3.0/govuk-frontend.min.js";

initAll();
