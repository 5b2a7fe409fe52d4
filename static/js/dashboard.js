// Dashboard behaviour: charts from JSON data blocks, and the registrations list's selection.
// No inline scripts (the Content-Security-Policy forbids them); data comes from
// <script type="application/json"> blocks named by each canvas's data-chart attribute.
document.addEventListener("DOMContentLoaded", () => {
  if (window.Chart) {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const block = document.getElementById(canvas.dataset.chart);
      if (!block) return;
      const data = JSON.parse(block.textContent);
      // One series, dark bars with a hatched outline and labelled axes: readable without colour.
      new window.Chart(canvas, {
        type: canvas.dataset.chartType || "bar",
        data: {
          labels: data.labels,
          datasets: [{
            label: canvas.dataset.chartLabel || "",
            data: data.values,
            backgroundColor: "rgba(31, 78, 121, 0.85)",
            borderColor: "#000",
            borderWidth: 1,
          }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  // Registrations list: "select all on this page" and the count of selected rows.
  const all = document.querySelector("[data-select-all]");
  const boxes = () => document.querySelectorAll("input[data-row-select]");
  const counter = document.querySelector("[data-selected-count]");
  const update = () => {
    if (counter) counter.textContent = String([...boxes()].filter((b) => b.checked).length);
  };
  if (all) {
    all.addEventListener("change", () => {
      boxes().forEach((b) => { b.checked = all.checked; });
      update();
    });
  }
  boxes().forEach((b) => b.addEventListener("change", update));

  // Ask before a bulk action on the whole filtered set.
  const bulk = document.querySelector("form[data-bulk]");
  if (bulk) {
    bulk.addEventListener("submit", (event) => {
      const scope = bulk.querySelector("[name=scope]");
      if (scope && scope.value === "all" && !window.confirm(bulk.dataset.confirmAll)) {
        event.preventDefault();
      }
    });
  }
});
