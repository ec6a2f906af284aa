// Directory map (progressive enhancement). The results list on the page is the accessible
// equivalent and works without this script; here we draw the same homes, the places that matter
// and the offline LA boundaries with Leaflet (served from /leaflet/, no tile server, no external
// URLs), and let a user draw a search area whose GeoJSON goes into a hidden form field.
//
// Markup:
//   <div data-directory-map data-map-data="map-data" data-area-input="area"
//        data-boundaries-url="/reference/la-boundaries.geojson" aria-label="…"></div>
//   <script type="application/json" id="map-data">
//     {"homes":[{"name":"Oak House","lat":51.5,"lon":-0.42,"label":"1","href":"/directory/homes/h1"}],
//      "places":[{"label":"Family home","lat":51.5,"lon":-0.4}], "boundaries": {FeatureCollection}}
//   </script>
//   <input type="hidden" name="area" id="area" value="">
// Needs /leaflet/leaflet.js (window.L) loaded first; does nothing without it.

const COLOURS = { boundary: '#505a5f', home: '#1d70b8', place: '#d4351c', area: '#00703c' };

function readJsonIsland(id) {
  const el = id ? document.getElementById(id) : null;
  if (!el) return {};
  try {
    return JSON.parse(el.textContent || '{}');
  } catch {
    return {};
  }
}

/** Only same-origin paths: the map never reaches outside this service. */
function sameOrigin(url) {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//');
}

function popupFor(home) {
  const box = document.createElement('div');
  const title = document.createElement(sameOrigin(home.href) ? 'a' : 'strong');
  if (sameOrigin(home.href)) title.href = home.href;
  title.textContent = home.label ? `${home.label}. ${home.name}` : home.name;
  box.append(title);
  if (home.detail) {
    const p = document.createElement('p');
    p.textContent = home.detail;
    box.append(p);
  }
  return box;
}

function areaToLatLngs(area) {
  if (!area || (area.type !== 'Polygon' && area.type !== 'MultiPolygon')) return [];
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(([lon, lat]) => [lat, lon])));
}

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'govuk-button govuk-button--secondary govuk-!-margin-right-2 govuk-!-margin-bottom-2';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function setUpDrawing(L, map, container, input) {
  const status = document.createElement('p');
  status.className = 'govuk-body-s';
  status.setAttribute('aria-live', 'polite');
  const tools = document.createElement('div');
  tools.className = 'directory-map-tools';
  const areaLayer = L.layerGroup().addTo(map);
  let points = [];
  let preview = null;
  let drawing = false;

  const showArea = (latlngs) => {
    areaLayer.clearLayers();
    if (latlngs.length > 0)
      L.polygon(latlngs, { color: COLOURS.area, weight: 2, fillOpacity: 0.1 }).addTo(areaLayer);
  };
  const write = (geometry) => {
    input.value = geometry ? JSON.stringify(geometry) : '';
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const say = (text) => {
    status.textContent = text;
  };
  // Hiding the focused button would drop a keyboard user's focus on the page's start: move it on.
  const hide = (el, next) => {
    if (document.activeElement === el) next.focus();
    el.hidden = true;
  };
  const stop = (next) => {
    drawing = false;
    points = [];
    if (preview) preview.remove();
    preview = null;
    map.doubleClickZoom.enable();
    container.style.cursor = '';
    container.classList.remove('directory-map--drawing');
    draw.hidden = false;
    hide(finish, next ?? draw);
    hide(cancel, next ?? draw);
  };
  const addPoint = (latlng) => {
    // A double-click also sends two clicks: do not add the same corner twice.
    const last = points[points.length - 1];
    if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(latlng)) < 4) return;
    points.push(latlng);
    if (preview) preview.remove();
    preview = L.polyline(points, { color: COLOURS.area, dashArray: '4 4' }).addTo(map);
    say(
      `${points.length} point${points.length === 1 ? '' : 's'}. Add another, or press Finish area to close the shape.`,
    );
  };
  const finishArea = () => {
    if (points.length < 3) {
      say('An area needs at least three points. Add more, or cancel.');
      return;
    }
    const ring = points.map((p) => [Number(p.lng.toFixed(5)), Number(p.lat.toFixed(5))]);
    ring.push(ring[0]);
    const geometry = { type: 'Polygon', coordinates: [ring] };
    showArea(areaToLatLngs(geometry));
    write(geometry);
    say(`Area drawn with ${points.length} points. Search again to use it.`);
    clear.hidden = false;
    stop(clear);
  };

  const draw = button('Draw an area', () => {
    drawing = true;
    points = [];
    map.doubleClickZoom.disable();
    container.style.cursor = 'crosshair';
    container.classList.add('directory-map--drawing');
    finish.hidden = false;
    cancel.hidden = false;
    // The map takes the focus, so the keyboard can draw at once.
    hide(draw, container);
    say(
      'Click on the map to add points, or move the map with the arrow keys and press Enter to add the point under the cross in its middle. Double-click, or press Finish area, to close the shape. Escape cancels.',
    );
  });
  const finish = button('Finish area', finishArea);
  const cancel = button('Cancel drawing', () => {
    stop();
    say('Drawing cancelled.');
  });
  const clear = button('Clear area', () => {
    showArea([]);
    write(null);
    hide(clear, draw);
    say('Area cleared.');
  });
  finish.hidden = true;
  cancel.hidden = true;
  clear.hidden = !input.value;
  tools.append(draw, finish, cancel, clear);
  container.before(tools);
  container.after(status);

  map.on('click', (e) => {
    if (drawing) addPoint(e.latlng);
  });
  map.on('dblclick', () => {
    if (drawing) finishArea();
  });
  container.addEventListener('keydown', (e) => {
    if (!drawing) return;
    if (e.key === 'Escape') cancel.click();
    // The keyboard's way to draw: arrow keys move the map (Leaflet), Enter or Space adds its middle.
    else if (e.target === container && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      addPoint(map.getCenter());
    }
  });

  try {
    showArea(areaToLatLngs(input.value ? JSON.parse(input.value) : null));
  } catch {
    input.value = '';
  }
}

async function initMap(container) {
  const L = window.L;
  if (!L) return;
  const data = readJsonIsland(container.dataset.mapData);
  let boundaries = data.boundaries;
  if (!boundaries && sameOrigin(container.dataset.boundariesUrl)) {
    try {
      const res = await fetch(container.dataset.boundariesUrl, {
        headers: { accept: 'application/geo+json, application/json' },
      });
      if (res.ok) boundaries = await res.json();
    } catch {
      boundaries = undefined;
    }
  }
  container.classList.add('directory-map--enhanced');
  if (!container.style.height) container.style.height = '28rem';
  container.style.background = '#f3f2f1';
  const map = L.map(container, { attributionControl: false, preferCanvas: true, minZoom: 5, maxZoom: 14 });
  // A view must exist before vector layers are added (the canvas renderer needs the map's size).
  map.setView([52.8, -1.6], 6);
  L.control
    .attribution({ prefix: false })
    .addAttribution('Boundaries: ONS, OGL v3; contains OS data © Crown copyright')
    .addTo(map);

  const extent = L.latLngBounds([]);
  if (boundaries) {
    const layer = L.geoJSON(boundaries, {
      style: { color: COLOURS.boundary, weight: 1, fillColor: '#ffffff', fillOpacity: 0.6 },
      onEachFeature: (f, l) => {
        const name = f.properties?.la_name ?? f.properties?.region_name;
        if (name) l.bindTooltip(String(name), { sticky: true });
      },
    }).addTo(map);
    if (layer.getBounds().isValid()) extent.extend(layer.getBounds());
  }
  const marks = L.latLngBounds([]);
  for (const home of data.homes ?? []) {
    if (typeof home.lat !== 'number' || typeof home.lon !== 'number') continue;
    L.circleMarker([home.lat, home.lon], {
      radius: 7,
      color: '#ffffff',
      weight: 2,
      fillColor: COLOURS.home,
      fillOpacity: 1,
    })
      .bindPopup(popupFor(home))
      .bindTooltip(home.label ? `${home.label}. ${home.name}` : String(home.name))
      .addTo(map);
    marks.extend([home.lat, home.lon]);
  }
  for (const place of data.places ?? []) {
    if (typeof place.lat !== 'number' || typeof place.lon !== 'number') continue;
    L.circleMarker([place.lat, place.lon], { radius: 9, color: COLOURS.place, weight: 3, fillOpacity: 0 })
      .bindTooltip(String(place.label), { permanent: true, direction: 'right' })
      .addTo(map);
    marks.extend([place.lat, place.lon]);
  }
  const target = marks.isValid() ? marks : extent;
  if (target.isValid()) map.fitBounds(target.pad(0.1));

  const input = container.dataset.areaInput ? document.getElementById(container.dataset.areaInput) : null;
  if (input) setUpDrawing(L, map, container, input);
}

for (const container of document.querySelectorAll('[data-directory-map]')) initMap(container);
