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
      var section = form.closest(".app-support");
      section.querySelector("[data-support-count]").textContent = data.support_count;
      var status = section.querySelector("[data-support-status]");
      if (status) { status.textContent = data.message; status.setAttribute("role", "status"); }
      var action = form.getAttribute("data-other-action");
      var label = form.getAttribute("data-other-label");
      form.setAttribute("data-other-action", form.action);
      form.setAttribute("data-other-label", button.textContent);
      form.action = action;
      button.textContent = label;
      button.classList.toggle("govuk-button--secondary", !data.supported ? false : true);
      button.disabled = false;
      button.focus();
    }).catch(function () {
      // Fall back to the ordinary form post, which always works.
      form.submit();
    });
  });

  // Similar ideas beside the title of a new idea, once typing pauses. Without
  // this, the "Check for similar ideas" button shows the same list.
  var similar = document.querySelector("[data-similar-url]");
  var title = similar && similar.closest("form") && similar.closest("form").querySelector("#title");
  if (title && window.fetch) {
    var results = similar.querySelector("[data-similar-results]");
    var intro = similar.querySelector("template[data-similar-intro]");
    var itemTemplate = similar.querySelector("template[data-similar-template]");
    var timer = null, asked = title.value.trim(), latest = 0;

    var show = function (items) {
      results.textContent = "";
      if (!items.length) { return; }
      results.appendChild(intro.content.cloneNode(true));
      var list = document.createElement("ul");
      list.className = "app-card-list";
      items.forEach(function (idea) {
        var item = itemTemplate.content.cloneNode(true);
        var link = item.querySelector("[data-similar-link]");
        link.href = idea.url;
        link.textContent = idea.title;
        item.querySelector("[data-similar-summary]").textContent = idea.summary;
        var button = item.querySelector("[data-similar-support]");
        if (idea.support_url) {
          button.setAttribute("formaction", idea.support_url);
          item.querySelector("[data-similar-title]").textContent = idea.title;
        } else {
          button.parentNode.removeChild(button);
        }
        list.appendChild(item);
      });
      results.appendChild(list);
    };

    var ask = function () {
      var text = title.value.trim();
      if (text === asked) { return; }
      asked = text;
      var request = ++latest;
      if (text.length < 4) { show([]); return; }
      fetch(similar.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(text), {
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        // An answer to an older title that arrives late is dropped.
        if (request === latest) { show(data.items); }
      }).catch(function () {
        // The "Check for similar ideas" button still works.
      });
    };

    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 400);
    });
  }
}());
