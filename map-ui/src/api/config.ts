/** Runtime configuration of the UI from the server (`GET /api/config`). */
import type { ClientBasemap, ClientConfig } from '@api/modules/health/health.schemas.ts';
import { ApiError, apiFetch } from './client.ts';

export type { ClientBasemap };
export type BasemapId = ClientBasemap['id'];

/** What the map needs of the settings: the basemaps to offer (default first) and the cadastre overlay. */
export interface BasemapConfig {
  basemaps: ClientBasemap[];
  cadastre: ClientConfig['cadastre'];
}

export const OFFLINE_ONLY: BasemapConfig = {
  basemaps: [{ id: 'offline', type: 'offline', url: null, attribution: null }],
  cadastre: null,
};

/** The server's UI settings; a server without `/api/config` (404) means "offline basemap". */
export async function getConfig(): Promise<BasemapConfig> {
  try {
    const c = await apiFetch<ClientConfig>('/api/config');
    const basemaps = c.basemaps?.length ? c.basemaps : OFFLINE_ONLY.basemaps;
    return { basemaps, cadastre: c.cadastre ?? null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return OFFLINE_ONLY;
    throw err;
  }
}
