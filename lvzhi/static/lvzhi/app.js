// Select boxes marked data-autosubmit submit their form on change (org switcher, language).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]")) {
    el.form.submit();
  }
});

// Buttons marked data-print open the print dialog (no inline scripts: CSP forbids them).
document.addEventListener("click", function (event) {
  var el = event.target.closest && event.target.closest("[data-print]");
  if (el) {
    window.print();
  }
});

// 依据 toggles (issue 11 point 5): with Bootstrap loaded, a <details class="rule-basis">
// shows its rule id and clause as a popover (Enter/Space or click opens, Escape or a
// click elsewhere closes); without it the <details> opens in place.
(function () {
  function popoverFor(summary) {
    var body = summary.parentElement.querySelector(".rule-basis-body");
    return window.bootstrap.Popover.getOrCreateInstance(summary, {
      trigger: "manual",
      placement: "auto",
      title: summary.textContent,
      content: body ? body.textContent : "",
    });
  }
  function hideAll(except) {
    document.querySelectorAll("details.rule-basis > summary[aria-describedby]").forEach(function (s) {
      if (s !== except) {
        popoverFor(s).hide();
      }
    });
  }
  document.addEventListener("click", function (event) {
    if (!window.bootstrap || !window.bootstrap.Popover) {
      return;
    }
    var summary = event.target.closest && event.target.closest("details.rule-basis > summary");
    if (!summary) {
      if (!(event.target.closest && event.target.closest(".popover"))) {
        hideAll(null);
      }
      return;
    }
    event.preventDefault();
    hideAll(summary);
    popoverFor(summary).toggle();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && window.bootstrap && window.bootstrap.Popover) {
      hideAll(null);
    }
  });
})();
