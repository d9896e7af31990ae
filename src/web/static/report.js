// "Use my location" on the report form: fills the latitude and longitude from the phone's
// position when the reporter asks. Without JavaScript (or without permission) the fields
// are typed by hand, or a ward is chosen.
(function () {
  "use strict";
  var button = document.getElementById("locate");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var status = document.getElementById("locate-status");
  if (!button || !lat || !lon || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-wait");
    navigator.geolocation.getCurrentPosition(
      function (p) {
        lat.value = p.coords.latitude.toFixed(6);
        lon.value = p.coords.longitude.toFixed(6);
        status.textContent = button.getAttribute("data-done");
      },
      function () {
        status.textContent = button.getAttribute("data-failed");
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
