/**
 * The infrastructure symbols, one SVG per layer switch: a shape and a pictogram per kind
 * (rounded square + road for a motorway junction, square + wagon for a rail freight station,
 * circle + train for a passenger station, circle + anchor for a port, circle + plane for an
 * airport, triangle + lightning bolt for a substation), told apart without colour; substations
 * share the triangle and differ by colour and, on the map, by size (INFRA_ICON_SCALE).
 *
 * One source for both readers: scripts/build-sprite.ts draws these SVGs into the map's sprite
 * (map-ui/public/sprites/landmatch*.png|json; rerun it after changing anything here), and the
 * legend shows the same SVGs as images, so the legend matches the map exactly.
 */
import { INFRA_COLORS } from './colors.ts';
import { INFRA_LAYER_KEYS, type InfraLayerKey } from './layer-ids.ts';

/** Side of an icon in CSS pixels at icon-size 1 (the sprite's 1× cell; 2× is twice that). */
export const INFRA_ICON_PX = 24;

/** The sprite's id in the style (`sprite: [{ id: 'lm', url }]`), so icons are `lm:<name>`. */
export const SPRITE_ID = 'lm';

/** Relative sizes on the map and in the legend: voltage classes by size (400 > 225 > 63/90 kV). */
export const INFRA_ICON_SCALE: Record<InfraLayerKey, number> = {
  motorway_access: 0.85,
  rail_freight: 0.85,
  rail_station: 0.75,
  port: 0.9,
  airport: 0.95,
  substation_400: 1,
  substation_225: 0.78,
  substation_63: 0.6,
};

const WHITE = '#ffffff';
const stroke = (d: string, w = 1.8) =>
  `<path d="${d}" fill="none" stroke="${WHITE}" stroke-width="${w}" stroke-linecap="round" stroke-linejoin="round"/>`;

const SHAPES = {
  rounded: (c: string) =>
    `<rect x="1.5" y="1.5" width="21" height="21" rx="5" fill="${c}" stroke="${WHITE}" stroke-width="1.5"/>`,
  square: (c: string) =>
    `<rect x="1.5" y="1.5" width="21" height="21" rx="1" fill="${c}" stroke="${WHITE}" stroke-width="1.5"/>`,
  circle: (c: string) =>
    `<circle cx="12" cy="12" r="10.6" fill="${c}" stroke="${WHITE}" stroke-width="1.5"/>`,
  triangle: (c: string) =>
    `<path d="M12 1.6 22.7 21.4H1.3z" fill="${c}" stroke="${WHITE}" stroke-width="1.5" stroke-linejoin="round"/>`,
};

const BOLT = `<path d="M13.4 7.2 8.8 14.2h3.1l-1.1 5.2 4.6-7.1h-3.1z" fill="${WHITE}"/>`;

const PICTOGRAMS: Record<InfraLayerKey, { shape: keyof typeof SHAPES; body: string }> = {
  // Two carriageways and a dashed centre line.
  motorway_access: {
    shape: 'rounded',
    body: stroke('M9 5.5 7 18.5M15 5.5l2 13') + stroke('M12 6v2.2M12 10.9v2.2M12 15.8V18', 1.5),
  },
  // A goods wagon on a rail.
  rail_freight: {
    shape: 'square',
    body: `<rect x="5" y="7" width="14" height="7.5" rx="0.8" fill="${WHITE}"/><circle cx="8.5" cy="16.4" r="1.7" fill="${WHITE}"/><circle cx="15.5" cy="16.4" r="1.7" fill="${WHITE}"/>${stroke('M4 19.4h16', 1.3)}`,
  },
  // A train seen from the front.
  rail_station: {
    shape: 'circle',
    body: `<rect x="7.8" y="5.6" width="8.4" height="10.4" rx="2.2" fill="${WHITE}"/><rect x="9.3" y="7.3" width="5.4" height="3.4" rx="0.6" fill="#4b5563"/>${stroke('M9.4 16.2 7.8 18.8M14.6 16.2l1.6 2.6', 1.5)}`,
  },
  // An anchor.
  port: {
    shape: 'circle',
    body: `<circle cx="12" cy="6.9" r="1.7" fill="none" stroke="${WHITE}" stroke-width="1.5"/>${stroke('M12 8.6v9.8M8.6 11.2h6.8M6.4 13.6c0 2.9 2.5 4.9 5.6 4.9s5.6-2 5.6-4.9', 1.6)}`,
  },
  // A plane seen from above.
  airport: {
    shape: 'circle',
    body: `<path d="M12 4.4c.8 0 1.2.8 1.2 1.6v4.3l5.9 3.5v1.7l-5.9-1.8v3.6l1.7 1.2v1.3L12 19.1l-2.9.7v-1.3l1.7-1.2v-3.6l-5.9 1.8v-1.7l5.9-3.5V6c0-.8.4-1.6 1.2-1.6z" fill="${WHITE}"/>`,
  },
  substation_400: { shape: 'triangle', body: BOLT },
  substation_225: { shape: 'triangle', body: BOLT },
  substation_63: { shape: 'triangle', body: BOLT },
};

/** The icon of one layer switch as a standalone 24×24 SVG document. */
export function infraIconSvg(key: InfraLayerKey): string {
  const p = PICTOGRAMS[key];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${INFRA_ICON_PX}" height="${INFRA_ICON_PX}" viewBox="0 0 24 24">${SHAPES[p.shape](INFRA_COLORS[key])}${p.body}</svg>`;
}

/** The same icon as a data: URL for an <img> (the CSP allows data: images). */
export function infraIconDataUrl(key: InfraLayerKey): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(infraIconSvg(key))}`;
}

/** The sprite entry name of one layer switch: `infraIconName('port')` → `infra-port`. */
export const infraIconName = (key: InfraLayerKey): string => `infra-${key}`;

/** Every icon the sprite holds, in sprite order. */
export const INFRA_ICONS = INFRA_LAYER_KEYS.map((key) => ({
  key,
  name: infraIconName(key),
  svg: infraIconSvg(key),
}));
