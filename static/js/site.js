// Site-wide behaviour; no inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: send the form as soon as a language is chosen.
  const select = document.querySelector("[data-lang-switch]");
  if (select) select.addEventListener("change", () => select.form.submit());
});
