/* Staff session keep-alive (templates/accounts/_staff_session.html; docs/security.md, "Staff sessions").
   While the person types, clicks or scrolls, the page pings the server at most every few minutes, so that the idle
   limit does not end a session in use; with no activity there is no ping and the session still ends. Shortly
   before the idle limit a notice offers to go on working; the absolute limit is announced (no ping moves it); once
   the session is over, a notice says that what is being typed is kept when the form is saved.
   Tabs of the same browser share the idle deadline through localStorage (a ping in one keeps the others quiet). */
(function () {
  "use strict";

  var root = document.getElementById("staff-session");
  if (!root || !window.fetch) {
    return;
  }
  var data = root.dataset;
  var STORE = "dp-staff-session-idle-deadline";
  var idleMs = Number(data.idleSeconds) * 1000;
  var pingMs = Number(data.pingSeconds) * 1000;
  var warnMs = Number(data.warnSeconds) * 1000;
  var absoluteWarnMs = Number(data.absoluteWarnSeconds) * 1000;
  // The times left were counted when the server wrote the page: a few seconds earlier, to be safe.
  var countedAt = Date.now() - 5000;
  var idleDeadline = countedAt + Number(data.idleLeft) * 1000;
  var absoluteDeadline = countedAt + Number(data.absoluteLeft) * 1000;
  var region = root.querySelector("[role=alert]");
  var active = false;
  var pinging = false;
  var ended = false;
  var shown = "";

  function sharedDeadline() {
    try {
      return Number(window.localStorage.getItem(STORE)) || 0;
    } catch (error) {
      return 0;
    }
  }

  function share(deadline) {
    try {
      if (deadline > sharedDeadline()) {
        window.localStorage.setItem(STORE, String(deadline));
      }
    } catch (error) {
      /* storage refused (private mode): each tab keeps its own deadline */
    }
  }

  // The idle deadline as far as this browser knows: this page's, or a later one after another tab's ping.
  function deadline() {
    return Math.max(idleDeadline, sharedDeadline());
  }

  function show(name) {
    if (shown === name) {
      return;
    }
    shown = name;
    if (!name) {
      region.replaceChildren();
      return;
    }
    region.replaceChildren(document.getElementById("staff-session-" + name).content.cloneNode(true));
    var button = region.querySelector("button");
    if (button) {
      button.addEventListener("click", function () {
        ping(true);
      });
    }
  }

  function end() {
    ended = true;
    show("ended");
  }

  function ping(force) {
    if (pinging || ended) {
      return;
    }
    var now = Date.now();
    if (now >= deadline() || now >= absoluteDeadline) {
      end(); // too late: a ping would only log the session out; the form's next save keeps the text
      return;
    }
    if (!force && (!active || now - (deadline() - idleMs) < pingMs)) {
      return;
    }
    pinging = true;
    active = false;
    fetch(data.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: {"X-CSRFToken": data.csrfToken},
    }).then(function (response) {
      pinging = false;
      if (response.status === 204) {
        idleDeadline = now + idleMs;
        share(idleDeadline);
        update();
      } else {
        end(); // sent to the login (session over) or refused
      }
    }, function () {
      pinging = false;
      active = true; // offline for a moment: try again at the next activity or tick
    });
  }

  function update() {
    if (ended) {
      return;
    }
    var now = Date.now();
    var idleEnd = deadline();
    if (now >= idleEnd || now >= absoluteDeadline) {
      end();
      return;
    }
    if (active) {
      ping(false);
    }
    if (idleEnd - now <= warnMs && idleEnd < absoluteDeadline) {
      show("idle");
    } else if (absoluteDeadline - now <= absoluteWarnMs) {
      show("absolute");
    } else {
      show("");
    }
  }

  function activity() {
    active = true;
    ping(false);
  }

  ["keydown", "input", "pointerdown", "wheel", "touchstart", "scroll"].forEach(function (type) {
    document.addEventListener(type, activity, {capture: true, passive: true});
  });
  window.addEventListener("storage", function (event) {
    if (event.key === STORE) {
      update();
    }
  });
  share(idleDeadline);
  window.setInterval(update, 10000);
  update();
})();
