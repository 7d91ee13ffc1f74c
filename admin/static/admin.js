/* Mustard console: the only script. No dependencies, no inline handlers (the page's
 * Content-Security-Policy forbids inline script), and every page works without it except
 * the live progress bars, which fall back to a reload link. */
(function () {
  "use strict";

  var TERMINAL = { succeeded: true, failed: true, cancelled: true };
  var POLL_MS = 1000;

  /* Forms marked data-confirm ask before a destructive action. */
  function confirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  /* A job widget: <div data-job-status-url="..."> holding a <progress>, a [data-job-percent],
   * a [data-job-state] and a [data-job-error]. It polls the small JSON endpoint until the job
   * ends, then marks itself data-job-done="true". */
  function watchJob(widget) {
    var url = widget.getAttribute("data-job-status-url");
    var bar = widget.querySelector("progress");
    var percent = widget.querySelector("[data-job-percent]");
    var state = widget.querySelector("[data-job-state]");
    var error = widget.querySelector("[data-job-error]");
    var failures = 0;

    function show(job) {
      var value = Math.max(0, Math.min(100, job.progress | 0));
      if (bar) {
        bar.value = value;
        bar.textContent = value + "%";
        bar.classList.toggle("done", job.state === "succeeded");
        bar.classList.toggle("failed", job.state === "failed");
      }
      if (percent) { percent.textContent = value + "%"; }
      if (state) {
        state.textContent = job.state;
        state.className = "badge state-" + job.state;
      }
      if (error) {
        error.textContent = job.error || "";
        error.hidden = !job.error;
      }
      widget.setAttribute("data-job-state-value", job.state);
      /* other places on the page showing the same job (e.g. a history row) */
      var copies = document.querySelectorAll('[data-live-job="' + job.id + '"]');
      for (var i = 0; i < copies.length; i += 1) {
        var what = copies[i].getAttribute("data-live");
        if (what === "state") {
          copies[i].textContent = job.state;
          copies[i].className = "badge state-" + job.state;
        } else if (what === "progress") {
          copies[i].textContent = value + "%";
        } else if (what === "indexed" && job.result && job.result.indexed !== undefined) {
          copies[i].textContent = String(job.result.indexed);
        } else if (what === "finished" && job.finished_at) {
          copies[i].textContent = job.finished_at.slice(0, 16).replace("T", " ") + " UTC";
        }
      }
    }

    function poll() {
      var request = new XMLHttpRequest();
      request.open("GET", url, true);
      request.setRequestHeader("Accept", "application/json");
      request.onload = function () {
        if (request.status !== 200) { return retry(); }
        var job;
        try { job = JSON.parse(request.responseText); } catch (e) { return retry(); }
        failures = 0;
        show(job);
        if (TERMINAL[job.state]) {
          widget.setAttribute("data-job-done", "true");
          var buttons = document.querySelectorAll("[data-enable-when-done]");
          for (var b = 0; b < buttons.length; b += 1) {
            buttons[b].disabled = false;
            buttons[b].removeAttribute("aria-disabled");
            buttons[b].removeAttribute("title");
          }
        } else {
          window.setTimeout(poll, POLL_MS);
        }
      };
      request.onerror = retry;
      request.send();
    }

    function retry() {
      failures += 1;
      if (failures < 30) { window.setTimeout(poll, POLL_MS * Math.min(5, failures)); }
    }

    poll();
  }

  function start() {
    confirmations();
    var widgets = document.querySelectorAll("[data-job-status-url]");
    for (var i = 0; i < widgets.length; i += 1) { watchJob(widgets[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
