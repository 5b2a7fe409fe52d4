// The agenda's filters apply as soon as a list changes (the Filter button works without JS).
document.querySelectorAll("[data-agenda-filters] select").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
