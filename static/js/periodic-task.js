/* django-celery-beat's periodic task form: the chosen crontab's readable form under the field (the package's
   inline script, as a file: the CSP admits no inline script). */
(function ($) {
  var readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = $(".field-crontab .help");
  var originalHelp = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var text = readableCrontabs[$("#id_crontab").val()];
    help.text("");
    help.append(originalHelp).append($("<br>")).append(document.createTextNode("Translation: " + (text || "")));
  });
})(django.jQuery);
