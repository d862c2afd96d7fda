/**
 * Starts loading MapLibre (its own chunk) and its worker as soon as the app starts, in
 * parallel with the config round-trip, instead of when the map first mounts.
 *
 * MapLibre 6 looks for its worker file next to its own module; once bundled it is not there,
 * so the worker file is emitted as an asset (`?url`) and its URL handed over. It is
 * same-origin, which the API's CSP (`worker-src 'self' blob:`) allows.
 */
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

export const maplibreReady = import('maplibre-gl').then((m) => {
  m.setWorkerUrl(workerUrl);
  m.prewarm();
  return m;
});
