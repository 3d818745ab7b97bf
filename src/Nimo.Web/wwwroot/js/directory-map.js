// The residents' map (Features/Directory/Public/Map): Leaflet from /lib/leaflet over the configured tile server. The list
// under the map is the accessible equivalent; this script only adds the picture. No data leaves the page.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || !window.L) {
    return;
  }

  var map = window.L.map(element, { scrollWheelZoom: false });
  window.L.tileLayer(element.getAttribute("data-tiles"), {
    attribution: element.getAttribute("data-attribution") || "",
    maxZoom: 18
  }).addTo(map);
  map.setView([35.68, 139.76], 10);

  fetch(element.getAttribute("data-points"), { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var focus = element.getAttribute("data-focus");
      var focused = null;
      var layer = window.L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return window.L.circleMarker(latlng, { radius: 8, color: "#0b5cad", weight: 2, fillColor: "#4a90d9", fillOpacity: 0.85 });
        },
        onEachFeature: function (feature, marker) {
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = feature.properties.url;
          link.textContent = feature.properties.name;
          box.appendChild(link);
          var place = document.createElement("div");
          place.textContent = feature.properties.place + (feature.properties.address ? "(" + feature.properties.address + ")" : "");
          box.appendChild(place);
          marker.bindPopup(box);
          if (focus && feature.properties.location === focus) {
            focused = marker;
          }
        }
      }).addTo(map);
      if (focused) {
        map.setView(focused.getLatLng(), 16);
        focused.openPopup();
      } else if (layer.getLayers().length > 0) {
        map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [24, 24] });
      }
    });
}());
