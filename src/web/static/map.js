// The interactive project map: MapLibre GL JS (served by this site, never a CDN) over
// the site's own vector tiles. Loaded only when a reader asks for it; the page it sits on
// works without it. Filters come from the page's query (the same as the list's); the map
// position is kept in the URL's #hash.
import { Map, NavigationControl, Popup } from '/static/vendor/maplibre-gl-6.17.0/maplibre-gl.mjs';

const element = document.getElementById('map');
const query = new URLSearchParams(location.search);
const chosen = ['status', 'sector', 'ward', 'fiscal_year', 'county'].filter((k) => query.get(k)).map((k) => ['==', ['get', k], query.get(k)]);
// A red-flag filter: the page lists the projects that raise it (gathered points, which
// stand for several projects, are then left out).
if (element.dataset.ids) chosen.push(['in', ['get', 'id'], ['literal', JSON.parse(element.dataset.ids)]]);
const only = (kind) => ['all', ['==', ['geometry-type'], kind], ...chosen];
// On the national map, wards narrow to the chosen county too.
const wardFilter = query.get('county') ? ['==', ['get', 'county'], query.get('county')] : ['all'];
const colour = ['match', ['get', 'status'], 'implementation', '#b35c00', 'completion', '#1d7a3a', '#6b7785'];
// Status and sector in the page's language, as its legend and filter say them; a ward
// by name and code, as the project pages say it.
const labels = JSON.parse(element.dataset.labels || '{}');
const label = (list, code) => labels[list]?.[code] ?? code;

const map = new Map({
  container: element,
  hash: true,
  bounds: JSON.parse(element.dataset.bounds),
  attributionControl: { compact: true, customAttribution: element.dataset.attribution },
  style: {
    version: 8,
    sources: {
      wards: { type: 'vector', url: `${location.origin}/tiles/wards.json` },
      projects: { type: 'vector', url: `${location.origin}/tiles/projects.json` },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f7f9fa' } },
      { id: 'wards', type: 'fill', source: 'wards', 'source-layer': 'wards', filter: wardFilter, paint: { 'fill-color': '#eef2f5' } },
      { id: 'ward-lines', type: 'line', source: 'wards', 'source-layer': 'wards', filter: wardFilter, paint: { 'line-color': '#8a96a3', 'line-width': 1 } },
      { id: 'project-areas', type: 'fill', source: 'projects', 'source-layer': 'projects', filter: only('Polygon'), paint: { 'fill-color': colour, 'fill-opacity': 0.4 } },
      { id: 'project-lines', type: 'line', source: 'projects', 'source-layer': 'projects', filter: only('LineString'), paint: { 'line-color': colour, 'line-width': 3 } },
      {
        id: 'project-points', type: 'circle', source: 'projects', 'source-layer': 'projects', filter: only('Point'),
        paint: {
          'circle-color': colour,
          'circle-radius': ['case', ['has', 'point_count'], ['interpolate', ['linear'], ['get', 'point_count'], 2, 7, 20, 14], 5],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
        },
      },
    ],
  },
});
map.addControl(new NavigationControl({ showCompass: false }));

map.on('click', (event) => {
  const [feature] = map.queryRenderedFeatures(event.point, { layers: ['project-points', 'project-lines', 'project-areas'] });
  if (!feature) return;
  const p = feature.properties;
  const box = document.createElement('div');
  if (p.point_count > 1) {
    // A gathered point: say how many it stands for and zoom in towards them.
    box.textContent = element.dataset.more.replace('{}', p.point_count);
    new Popup().setLngLat(event.lngLat).setDOMContent(box).addTo(map);
    map.easeTo({ center: event.lngLat, zoom: Math.min(map.getZoom() + 2, 16) });
    return;
  }
  const link = document.createElement('a');
  // On the national map a project carries its county: its register is that county's.
  link.href = p.county ? `/datasets/${encodeURIComponent(p.county)}/projects` : `/projects/${encodeURIComponent(p.id)}`;
  link.textContent = p.title;
  box.append(link, document.createElement('br'), `${label('sector', p.sector)} · ${label('status', p.status)} · ${label('ward', p.ward)}`);
  new Popup().setLngLat(event.lngLat).setDOMContent(box).addTo(map);
});
for (const layer of ['project-points', 'project-lines', 'project-areas']) {
  map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
}
