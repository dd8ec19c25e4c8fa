// Select boxes marked data-autosubmit submit their form on change (org switcher, language).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]")) {
    el.form.submit();
  }
});
