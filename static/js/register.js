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

  // "Thêm kiến nghị": add a petition row here, without reloading the page (a reload drops chosen files).
  var template = document.getElementById("petition-row-template");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var maximum = form.querySelector("input[name$='-MAX_NUM_FORMS']");
  var add = form.querySelector("button[name='add_petition']");
  if (!template || !total || !add) { return; }
  add.addEventListener("click", function (event) {
    var index = parseInt(total.value, 10);
    var limit = maximum ? parseInt(maximum.value, 10) : 1000;
    if (isNaN(index) || index >= limit) { return; }  // the server answers with its message
    event.preventDefault();
    var html = template.innerHTML.split("__prefix__").join(String(index))
      .split("__num__").join(String(index + 1));
    add.insertAdjacentHTML("beforebegin", html);
    total.value = String(index + 1);
    var rows = form.querySelectorAll(".petition-row");
    var first = rows[rows.length - 1].querySelector("select, textarea, input");
    if (first) { first.focus(); }
    if (index + 1 >= limit) { add.hidden = true; }
  });
})();
