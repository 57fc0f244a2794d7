// Runs first in <body>: GOV.UK Frontend styles its enhanced components only
// where its JavaScript will run (its template does this inline, which the
// site's Content-Security-Policy forbids).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
