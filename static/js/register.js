/* The registration form (templates/petitions/register.html); a file, not an inline script: the CSP admits no
   inline script. */
// Move focus to the error summary so screen readers announce it; disable the submit button after the first
// click (the server is idempotent anyway).
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var form = document.getElementById("registration-form");
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.name !== "add_petition") {
      setTimeout(function () { submitter.disabled = true; }, 0);
    }
  });
})();
