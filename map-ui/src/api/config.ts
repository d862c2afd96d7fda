/** Runtime configuration of the UI from the server (`GET /api/config`). */
import type { ClientConfig } from '@api/modules/health/health.schemas.ts';
import { ApiError, apiFetch } from './client.ts';

/** What the map needs of the settings: the basemap style URL, '' for the offline basemap. */
export interface BasemapConfig {
  basemapStyleUrl: string;
}

/** The server's UI settings; a server without `/api/config` (404) means "offline basemap". */
export async function getConfig(): Promise<BasemapConfig> {
  try {
    const c = await apiFetch<ClientConfig>('/api/config');
    return { basemapStyleUrl: c.basemapStyleUrl ?? '' };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { basemapStyleUrl: '' };
    throw err;
  }
}
