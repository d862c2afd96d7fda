/** Minimal typing of osm-pbf-parser's default export (used by tests as an independent reader). */
declare module 'osm-pbf-parser' {
  import type { Duplex } from 'node:stream';
  export default function parseOSM(): Duplex;
}
