/* Names for the admin's fields that screen readers would otherwise announce without one (templates/admin/
   base_site.html; axe-core's "label", "select-name" and "aria-input-field-name" rules; tests/reports/
   test_staff_a11y_browser.py):
   - a field in a table row of an inline (a conference's agenda, participants, tasks) is named by its column heading;
   - the date and time boxes of a date-and-time field are named by the field's label and the words Django prints
     before them ("Ngày:", "Giờ:");
   - a searchable choice (select2, the admin's autocomplete) is named by its field's label as well as its value;
   - the search icon of a two-list chooser (groups, permissions) is an image with a name.
   Django's own markup is kept; only names are added, so nothing changes for a sighted reader. */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }

  function labelOf(id) {
    return id ? document.querySelector('label[for="' + id + '"]') : null;
  }

  function columnHeadingCell(field) {
    var cell = field.closest("td");
    var table = cell && cell.closest("table");
    var row = table && table.tHead && table.tHead.rows[0];
    return (row && row.cells[cell.cellIndex]) || null;
  }

  function columnHeading(field) {
    return text(columnHeadingCell(field));
  }

  var made = 0;
  function idOf(element, stem) {
    if (!element.id) {
      made += 1;
      element.id = stem + "-" + made;
    }
    return element.id;
  }

  function nameTableCells(root) {
    root.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), text);
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var heading = headings[index];
          if (!heading) {
            return;
          }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!field.getAttribute("aria-label") && !labelOf(field.id)) {
              field.setAttribute("aria-label", heading);
            }
          });
        });
      });
    });
  }

  function nameDateTimeParts(root) {
    root.querySelectorAll("p.datetime").forEach(function (p) {
      var field = p.querySelector("input");
      var base = field ? field.id.replace(/_0$/, "") : "";
      var row = p.closest(".form-row, .fieldBox");
      var label = labelOf(base) || labelOf(base + "_0") || (row && row.querySelector("label"));
      var fieldName = label ? text(label) : (field ? columnHeading(field) : "");
      var part = "";
      p.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          part = text(node);
        } else if (node.tagName === "INPUT" && node.type !== "hidden" && !node.getAttribute("aria-label")) {
          node.setAttribute("aria-label", [fieldName, part].filter(Boolean).join(" – "));
        }
      });
    });
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var box = container && container.querySelector(".select2-selection[role=combobox]");
      if (!box || box.dataset.named) {
        return;
      }
      // The field's label, or in an inline's table row its column heading: read before the chosen value.
      var namer = labelOf(select.id) || columnHeadingCell(select);
      if (!namer) {
        return;
      }
      var nameId = idOf(namer, "dp-field-name");
      var shown = box.querySelector(".select2-selection__rendered");
      var search = box.querySelector(".select2-search__field");
      var ids = [nameId];
      if (shown && shown.id) {
        ids.push(shown.id);
        if (shown.getAttribute("role") === "textbox") {
          shown.setAttribute("aria-labelledby", nameId + " " + shown.id);
        }
      }
      box.setAttribute("aria-labelledby", ids.join(" "));
      if (search) {
        search.setAttribute("aria-labelledby", nameId);
      }
      box.dataset.named = "1";
    });
  }

  function nameSearchIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameAll() {
    nameDateTimeParts(document);
    nameTableCells(document);
    nameComboboxes(document);
    nameSearchIcons(document);
  }

  // Django's scripts build select2, the calendar links and the chooser after the page loads, rebuild select2 when
  // a field is set up again and add inline rows later: name whatever appears, once per animation frame.
  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameAll();
      });
    }
  }
  schedule();
  new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
})();
