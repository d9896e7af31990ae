// A running check's progress, read every second from /staff/uploads/ID/progress without
// reloading the page; the page reloads once the check has ended. Without JavaScript the
// page's own refresh does the same, more coarsely.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !window.fetch) return;
  // Take over from the page's refresh.
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  var rows = document.getElementById("rows");
  var url = "/staff/uploads/" + encodeURIComponent(box.getAttribute("data-upload")) + "/progress";
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (p.running) {
          rows.textContent = Number(p.rows_read).toLocaleString();
          setTimeout(tick, 1000);
        } else {
          location.reload();
        }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
