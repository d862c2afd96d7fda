/// <reference types="vite/client" />

/** URL of the offline basemap GeoJSON built by map-ui/build/basemap-plugin.ts. */
declare module 'virtual:lm-basemap-countries' {
  const url: string;
  export default url;
}

/** URL of the régions/départements GeoJSON (geodata/seed/basemap-admin.geojson). */
declare module 'virtual:lm-basemap-admin' {
  const url: string;
  export default url;
}

/** URL of the commune names GeoJSON (geodata/seed/basemap-communes.geojson). */
declare module 'virtual:lm-basemap-communes' {
  const url: string;
  export default url;
}
