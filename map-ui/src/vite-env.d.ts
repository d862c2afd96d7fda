/// <reference types="vite/client" />

/** URL of the offline basemap GeoJSON built by map-ui/build/basemap-plugin.ts. */
declare module 'virtual:lm-basemap-countries' {
  const url: string;
  export default url;
}
