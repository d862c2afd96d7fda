/** Pure camera geometry: the box a view shows, and fit padding that leaves the box room. */

/**
 * The box a Web Mercator view of `width`×`height` CSS pixels shows (MapLibre's 512-px tiles):
 * `viewBounds({ longitude: 0, latitude: 0, zoom: 0 }, 512, 512)` → about [-180, -85, 180, 85].
 */
export function viewBounds(
  view: { longitude: number; latitude: number; zoom: number },
  width: number,
  height: number,
): [west: number, south: number, east: number, north: number] {
  const worldPx = 512 * 2 ** view.zoom;
  const mercY = (lat: number) => {
    const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
    return (0.5 - Math.log(Math.tan(Math.PI / 4 + r / 2)) / (2 * Math.PI)) * worldPx;
  };
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / worldPx))) * 180) / Math.PI;
  const halfLon = (width / 2 / worldPx) * 360;
  const cy = mercY(view.latitude);
  return [
    Math.max(-180, view.longitude - halfLon),
    lat(Math.min(worldPx, cy + height / 2)),
    Math.min(180, view.longitude + halfLon),
    lat(Math.max(0, cy - height / 2)),
  ];
}

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Fit padding shrunk, when needed, to leave the box at least 200 px (or 40 % of a smaller map)
 * on each axis: on a phone the legend and panel insets are wider than the map, and MapLibre does
 * not move at all when the padding leaves no room.
 * `fitPadding({ top: 70, bottom: 70, left: 310, right: 60 }, 390, 600)` → left and right scaled
 * down together to 234 px in all (156 px left for the box).
 */
export function fitPadding(p: Padding, width: number, height: number): Padding {
  const scale = (a: number, b: number, size: number) => {
    const room = Math.min(200, size * 0.4);
    return a + b <= size - room ? 1 : Math.max(0, size - room) / Math.max(1, a + b);
  };
  const h = scale(p.left, p.right, width);
  const v = scale(p.top, p.bottom, height);
  return { top: p.top * v, bottom: p.bottom * v, left: p.left * h, right: p.right * h };
}
