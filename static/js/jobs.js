// Follows a background job on its page: polls the job's status every second and updates
// the progress bar, the badge and the message. When the job finishes the page reloads,
// so the server renders the final state (download link, times). Without JavaScript the
// page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";

  var INTERVAL_MS = 1000;
  var MAX_FAILURES = 10;

  var section = document.querySelector("[data-job-status-url]");
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-job-status-url");
  var failures = 0;

  function field(name) {
    return section.querySelector('[data-job-field="' + name + '"]');
  }

  function show(state) {
    var bar = field("progress");
    var percent = field("percent");
    var badge = field("status");
    var message = field("message");
    if (bar) {
      bar.value = state.progress;
      bar.textContent = state.progress + "%";
    }
    if (percent) {
      percent.textContent = state.progress;
    }
    if (badge && badge.textContent !== state.status_label) {
      badge.textContent = state.status_label;
      badge.className = "badge badge-" + state.status;
    }
    // Only a changed message is written: the region is live, and screen readers would
    // otherwise repeat it every second.
    if (message && message.textContent !== state.message) {
      message.textContent = state.message;
    }
  }

  function poll() {
    if (document.hidden) {
      window.setTimeout(poll, INTERVAL_MS);
      return;
    }
    window
      .fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        failures += 1;
        if (failures < MAX_FAILURES) {
          // Back off: a server that is restarting should not be hammered.
          window.setTimeout(poll, INTERVAL_MS * failures);
        }
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
