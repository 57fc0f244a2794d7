// Progressive enhancement only: every form here works without this file.
(function () {
  "use strict";

  // Move focus to the error summary, so screen reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Support / remove support in place, using the same POST routes as the forms.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-support-form]") || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      var section = form.closest(".support");
      section.querySelector("[data-support-count]").textContent = data.vote_count;
      var status = section.querySelector("[data-support-status]");
      if (status) { status.textContent = data.message; status.setAttribute("role", "status"); }
      var action = form.getAttribute("data-other-action");
      var label = form.getAttribute("data-other-label");
      form.setAttribute("data-other-action", form.action);
      form.setAttribute("data-other-label", button.textContent);
      form.action = action;
      button.textContent = label;
      button.classList.toggle("button-secondary", !data.supported ? false : true);
      button.disabled = false;
      button.focus();
    }).catch(function () {
      // Fall back to the ordinary form post, which always works.
      form.submit();
    });
  });
}());
