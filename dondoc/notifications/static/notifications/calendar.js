// The feed address is selected on click, ready to copy (no inline handler: CSP).
document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
  input.addEventListener("click", function () { input.select(); });
});
