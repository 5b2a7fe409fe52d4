// Registration form: photo preview inside the badge's 3:4 frame, the frame's
// position sliders, the organization field for observers, and one submit only.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-register-form]");
  if (!form) return;

  // A double click sends the form once.
  form.addEventListener("submit", () => {
    form.querySelectorAll("[data-submit-once]").forEach((button) => {
      window.setTimeout(() => { button.disabled = true; }, 0);
    });
  });

  // The organization's name matters only for observers of an international organization.
  const country = form.querySelector("[data-org-value]");
  const orgOnly = form.querySelectorAll("[data-org-only]");
  const showOrg = () => {
    const isOrg = country && country.value === country.dataset.orgValue;
    orgOnly.forEach((el) => { el.hidden = !isOrg && !el.querySelector(".is-invalid"); });
  };
  if (country) { country.addEventListener("change", showOrg); showOrg(); }

  // Show the chosen photo at once, cropped as the badge will be.
  const input = form.querySelector("[data-photo-input]");
  const preview = form.querySelector("[data-photo-preview]");
  const sliders = { x: form.querySelector("[data-crop='x']"), y: form.querySelector("[data-crop='y']") };
  const place = () => {
    if (!preview) return;
    const x = sliders.x ? sliders.x.value : 50;
    const y = sliders.y ? sliders.y.value : 50;
    preview.style.objectPosition = `${x}% ${y}%`;
  };
  Object.values(sliders).forEach((s) => s && s.addEventListener("input", place));
  if (input && preview) {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
    });
  }
  place();
});
