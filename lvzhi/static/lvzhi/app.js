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
